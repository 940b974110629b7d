package checks

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

const repairSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /zones:
    post:
      operationId: createZone
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                name: {type: string}
                kind: {type: string, enum: [Native, Master]}
                masters: {type: array, items: {type: string}}
                account: {type: string}
                dnssec: {type: boolean}
      responses:
        "201": {description: ok}
  /users:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [login, email]
              properties:
                login: {type: string}
                email: {type: string}
      responses:
        "201": {description: ok}
  /flush:
    put:
      parameters:
        - {name: domain, in: query, required: true, schema: {type: string}}
      responses:
        "200": {description: ok}
  /notes:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [text]
              properties:
                text: {type: string}
            examples:
              a: {value: {text: draft}}
              b: {value: {text: final}}
      responses:
        "201": {description: ok}
  /keys:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [algorithm]
              properties:
                algorithm: {type: string}
      responses:
        "201": {description: ok}
`

// answer is a server's rule for one request: a status and a body.
type answer func(q url.Values, body map[string]any) (int, string)

// zoneServer answers as PowerDNS does: a name must be a canonical DNS
// name, a kind is required, masters must be IP addresses.
func zoneServer(_ url.Values, b map[string]any) (int, string) {
	name, ok := b["name"].(string)
	switch {
	case !ok:
		return 422, `{"error": "Key 'name' not present or not a String"}`
	case !strings.HasSuffix(name, "."):
		return 422, `{"error": "DNS Name '` + name + `' is not canonical"}`
	}
	if _, ok := b["kind"].(string); !ok {
		return 422, `{"error": "Key 'kind' not present or not a String"}`
	}
	if ms, ok := b["masters"].([]any); ok {
		for _, m := range ms {
			if s, _ := m.(string); net.ParseIP(s) == nil {
				return 422, `{"error": "Master (` + s + `) is not an IP address"}`
			}
		}
	}
	return 201, `{}`
}

// userServer wants an e-mail address, and already has a user of the
// login it was first sent.
func userServer() answer {
	taken := ""
	return func(_ url.Values, b map[string]any) (int, string) {
		login, _ := b["login"].(string)
		email, _ := b["email"].(string)
		if taken == "" {
			taken = login
		}
		if !strings.Contains(email, "@") {
			return 400, `{"message": ["email must be an email"]}`
		}
		if login == taken {
			return 409, `{"message": "user ` + login + ` already exists"}`
		}
		return 201, `{}`
	}
}

func TestRepair(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Parse(context.Background(), "repair.yaml", []byte(repairSpec), openapi.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		op       string
		values   ParamValues
		server   answer
		accepted bool
		want     map[string]string // values of the repair, "in:name" → value ("null" left out)
		blamed   string
	}{
		{"DNS name and a missing member", "POST /zones", nil, zoneServer, true,
			map[string]string{"body:name": "{name}.", "body:kind": "Native", "body:account": "null", "body:masters": "null"}, ""},
		{"conflict and an e-mail address", "POST /users", nil, userServer(), true,
			map[string]string{"body:email": "errprobe{token}@example.com", "body:login": "{new}"}, ""},
		{"query parameter", "PUT /flush", nil, func(q url.Values, _ map[string]any) (int, string) {
			if !strings.HasSuffix(q.Get("domain"), ".") {
				return 422, `{"error": "DNS Name '` + q.Get("domain") + `' is not canonical"}`
			}
			return 200, `{}`
		}, true, map[string]string{"query:domain": "errprobe."}, ""},
		{"the description's other example", "POST /notes", nil, func(_ url.Values, b map[string]any) (int, string) {
			if b["text"] != "final" {
				return 422, `{"error": "text must be final"}`
			}
			return 201, `{}`
		}, true, map[string]string{"body:text": "final"}, ""},
		{"nothing works: the answer's input is blamed", "POST /keys", nil, func(_ url.Values, b map[string]any) (int, string) {
			return 422, `{"error": "Unknown TSIG algorithm: ` + b["algorithm"].(string) + `"}`
		}, false, nil, "body:algorithm"},
		{"the user's value is never changed", "POST /zones", ParamValues{{In: InBody, Name: "name", Value: "mine"}}, zoneServer, false, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			op := spec.Operations[slices.IndexFunc(spec.Operations, func(o *openapi.Operation) bool { return o.Key() == tt.op })]
			g := &Gen{Spec: spec, Values: tt.values}
			first := g.newBuild(op).request(IdentityAuthorized)
			status, body := serve(t, tt.server, first)
			if status < 400 {
				t.Fatalf("the first request passed (%d): the case tests nothing", status)
			}
			r := g.Repair(op)
			accepted := false
			for range DefaultMaxRepairs {
				p, ok := r.Next(status, []byte(body))
				if !ok {
					break
				}
				if status, body = serve(t, tt.server, p.Request); status < 400 {
					accepted = true
					break
				}
			}
			if accepted != tt.accepted {
				t.Fatalf("accepted %v, want %v (last answer %d %s; steps %q)", accepted, tt.accepted, status, body, r.Steps())
			}
			if tt.blamed != "" && !slices.Contains(r.Blamed(), tt.blamed) {
				t.Errorf("blamed %q, want %s among them", r.Blamed(), tt.blamed)
			}
			if !accepted {
				for _, v := range r.Values() {
					if g.Values[0].Name == v.Name && len(tt.values) > 0 {
						t.Errorf("the user's value of %s was changed", v.Name)
					}
				}
				return
			}
			got := map[string]string{}
			for _, v := range r.Values() {
				if v.Operation != op.Key() {
					t.Errorf("value %+v is not for the operation alone", v)
				}
				got[v.In+":"+v.Name] = v.Value
				if v.Omit {
					got[v.In+":"+v.Name] = "null"
				}
			}
			var sent map[string]any
			_ = json.Unmarshal(first.Body, &sent)
			name, _ := sent["name"].(string)
			tok := g.token("name")
			for k, w := range tt.want {
				if w == "{new}" {
					if login, _ := sent["login"].(string); got[k] == "" || got[k] == login {
						t.Errorf("repair %s = %q, want a name other than %q", k, got[k], login)
					}
					continue
				}
				if w = strings.NewReplacer("{token}", tok, "{name}", name).Replace(w); got[k] != w {
					t.Errorf("repair %s = %q, want %q (all: %v)", k, got[k], w, got)
				}
			}
			// The values rebuild the accepted request.
			again := *g
			again.Values = append(slices.Clone(g.Values), r.Values()...)
			if st, b := serve(t, tt.server, again.newBuild(op).request(IdentityAuthorized)); st >= 400 {
				t.Errorf("the request rebuilt from the values got %d %s", st, b)
			}
			if len(r.Steps()) == 0 {
				t.Error("no steps to report")
			}
		})
	}
}

// serve answers req with the rule, as the target would.
func serve(t *testing.T, a answer, req Request) (int, string) {
	t.Helper()
	u, err := url.Parse(req.Path)
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if len(req.Body) > 0 {
		if err := json.Unmarshal(req.Body, &body); err != nil {
			return http.StatusBadRequest, `{"error": "bad JSON"}`
		}
	}
	return a(u.Query(), body)
}

func TestBlame(t *testing.T) {
	t.Parallel()
	inputs := []input{
		{in: InBody, name: "kind", value: "errprobe1", present: true},
		{in: InBody, name: "metadata[0]", value: "errprobe1", present: true},
		{in: InBody, name: "name", present: false},
		{in: InBody, name: "nameservers[0]", value: "ns", present: true},
	}
	tests := []struct {
		msg  string
		want []string
	}{
		{"Unsupported metadata kind 'errprobe1'", []string{"kind", "metadata[0]"}},
		{"Key 'name' not present or not a String", []string{"name"}},
		{"Nameserver is not canonical", []string{"nameservers[0]"}},
		{"something else entirely", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, in := range blame(inputs, tt.msg) {
			got = append(got, in.name)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("blame(%q) = %q, want %q", tt.msg, got, tt.want)
		}
	}
}
