package config

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/errprobe/errprobe/schemas"
)

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, yaml, want string }{
		{"syntax", "spec: [unclosed\n", "c.yaml:"},
		{"unknown field", "spec: a\nconcurency: 3\n", "c.yaml:2: unknown key concurency; did you mean concurrency?"},
		{"unknown nested field", "identities:\n  bob:\n    headr: {}\n", "c.yaml:3: unknown key headr; did you mean headers?"},
		{"unknown inline field", "expect:\n  - famly: malformed\n", "c.yaml:2: unknown key famly; did you mean family?"},
		{"unknown far field", "zzzzzz: 1\n", "c.yaml:1: unknown key zzzzzz (not a setting here"},
		{"string for list", "spec: a\nreports: terminal\n", `c.yaml:2: reports: want a list of strings, got a string; write reports: [terminal] or one "- item" line per entry`},
		{"mapping for list", "reports:\n  a: b\n", "c.yaml:2: reports: want a list of strings, got a mapping"},
		{"string for number", "concurrency: many\n", "c.yaml:1: concurrency: want a whole number, got a string"},
		{"json syntax", "{\"spec\": \"a\",\n \"target\": }\n", "c.yaml:2:12: JSON syntax error: invalid character '}'"},
		{"preset typo", "preset: flsk\n", `unknown preset "flsk" (want auto, none or one of aspnet, django-rest-framework, express, fastapi, fastify, flask, go-chi, grpc-gateway, laravel, loopback, nestjs, rails, spring); did you mean flask?`},
		{"skip typo", "skip: [server-eror]\n", `skip[0]: unknown check, rule or family "server-eror"; did you mean server-error?`},
		{"wrong type", "concurrency: many\n", "c.yaml:1:"},
		{"fail-on", "\nfailOn: sometimes\n", "c.yaml:2: failOn: \"sometimes\" is not error, warning, info or never"},
		{"preset", "preset: flsk\n", "c.yaml:1: preset: unknown preset \"flsk\""},
		{"timeout", "timeout: soon\n", "c.yaml:1: timeout:"},
		{"concurrency", "concurrency: 999\n", "c.yaml:1: concurrency:"},
		{"empty identity", "identities:\n  bob: {}\n", "c.yaml:2: identities.bob: identity \"bob\" has no"},
		{"auth ref", "auth: nobody\n", "c.yaml:1: auth: no identity named \"nobody\""},
		{"expect status", "expect:\n  - family: malformed\n", "c.yaml:2: expect[0]: lists no status"},
		{"expect bad status", "expect:\n  - family: malformed\n    status: [42]\n", "c.yaml:3: expect[0].status: 42 is not an HTTP status"},
		{"expect family", "expect:\n  - family: weird\n    status: [400]\n", "c.yaml:2: expect[0].family: unknown family"},
		{"expect check", "expect:\n  - check: nope\n    status: [400]\n", "c.yaml:2: expect[0].check: unknown check \"nope\""},
		{"expect operation", "expect:\n  - operation: users\n    status: [400]\n", "expect[0].operation"},
		{"skip id", "skip: [server-error, nope-nope]\n", "c.yaml:1: skip[1]: unknown check, rule or family"},
		{"severity id", "severity: {nope: info}\n", "severity.nope: unknown check or rule"},
		{"severity value", "severity: {server-error: fatal}\n", "severity.server-error"},
		{"route method", "routes:\n  - method: FETCH\n    path: /x\n", "c.yaml:2: routes[0].method: \"FETCH\" is not an HTTP method"},
		{"route path", "routes:\n  - method: GET\n    path: x\n", "c.yaml:3: routes[0].path"},
		{"route security", "routes:\n  - method: GET\n    path: /x\n    security: apiKey:body:x\n", "routes[0].security"},
		{"values list", "values: [a, b]\n", "c.yaml:1:"},
		{"values nested", "values:\n  server_id: {a: [1]}\n", "c.yaml:2: values.server_id.a: want a parameter name"},
		{"values operation", "values:\n  \"FETCH /x\": {id: 1}\n", "c.yaml:2: values.FETCH /x:"},
		{"values value", "values:\n  server_id: [a]\n", "c.yaml:2: values.server_id: want a string, number or boolean"},
		{"values null parameter", "values:\n  getZone: {zone: null}\n", "c.yaml:2: values.getZone.zone: want a parameter name and a string, number or boolean value (null for a body: field leaves it out)"},
		{"allowDestructive kind", "allowDestructive: yes please\n", "c.yaml:1: allowDestructive: want true, false or a list"},
		{"allowDestructive operation", "allowDestructive:\n  - transferRepo\n  - \"MOVE /x\"\n", "c.yaml:3: allowDestructive[1]:"},
		{"allowDestructive empty", "allowDestructive: [\"\"]\n", "c.yaml:1: allowDestructive[0]: want an operation"},
		{"alias bomb", "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n", "c.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse("c.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\nwant ErrInvalid containing %q", err, tt.want)
			}
		})
	}
}

func TestFullConfig(t *testing.T) {
	t.Parallel()
	c, err := Load("testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Identities["reader"].Basic.Username != "reader" || c.LowPrivilege != "reader" || len(c.Expect) != 2 || *c.Seed != 7 {
		t.Errorf("config not read fully: %+v", c)
	}
	if all, ops := c.DestructiveAllowed(); all || strings.Join(ops, "|") != "POST /repos/{owner}/{repo}/transfer|rotateKey" {
		t.Errorf("DestructiveAllowed = %v, %q", all, ops)
	}
	if got := c.Where("expect", 1, "status"); got != "testdata/full.yaml:33: expect[1].status" {
		t.Errorf("Where = %q", got)
	}
	data, err := c.OpenAPI()
	if err != nil || !strings.Contains(string(data), `"X-Key"`) {
		t.Fatalf("routes: %s %v", data, err)
	}
}

func TestParamValues(t *testing.T) {
	t.Parallel()
	c, err := Parse("c.yaml", []byte("values:\n  zone: z\n  server_id: localhost\n  port: 8081\n  \"get  /zones/{zone}\": {zone: \"${ZONE}\"}\n  listZones: {limit: 10, strict: true, \"query:offset\": 0}\n  createZone: {\"body:name\": \"${ZONE}\", \"body:nameservers\": null}\n  \"body:kind\": Native\n"))
	if err != nil {
		t.Fatal(err)
	}
	expand := func(where, v string) (string, error) { return strings.ReplaceAll(v, "${ZONE}", "example.org."), nil }
	got, err := c.ParamValues(expand)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, v := range got {
		line := v.Operation + "|" + v.In + ":" + v.Name + "=" + v.Value
		if v.Omit {
			line = v.Operation + "|" + v.In + ":" + v.Name + " left out"
		}
		lines = append(lines, line)
	}
	want := "|body:kind=Native |:port=8081 |:server_id=localhost |:zone=z createZone|body:name=example.org. createZone|body:nameservers left out GET /zones/{zone}|:zone=example.org. listZones|:limit=10 listZones|query:offset=0 listZones|:strict=true"
	if strings.Join(lines, " ") != want {
		t.Errorf("values:\n got %s\nwant %s", strings.Join(lines, " "), want)
	}
}

// TestSchemaAgrees validates example configurations against the published
// JSON Schema, so the schema and the loader do not drift apart.
func TestSchemaAgrees(t *testing.T) {
	t.Parallel()
	sch, err := schemas.Builtin("config")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"testdata/full.yaml", "../../cmd/errprobe/testdata/routes.yaml",
		"../../examples/configs/errprobe.yaml", "../../examples/configs/routes-only.yaml"} {
		if _, err := Load(file); err != nil {
			t.Errorf("%s does not load: %v", file, err)
		}
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := yaml.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(v)
		var doc any
		dec := json.NewDecoder(strings.NewReader(string(js)))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			t.Fatal(err)
		}
		if f := sch.Validate(doc); len(f) > 0 {
			t.Errorf("%s does not match schemas/config.schema.json: %+v", file, f)
		}
	}
}

func FuzzParse(f *testing.F) {
	if data, err := os.ReadFile("testdata/full.yaml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("routes:\n  - {method: GET, path: /x}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("fuzz.yaml", data)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error not marked invalid: %v", err)
			}
			return
		}
		if _, err := c.OpenAPI(); err != nil && !errors.Is(err, ErrInvalid) {
			t.Fatal(err)
		}
	})
}
