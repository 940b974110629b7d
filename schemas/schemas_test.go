package schemas_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/errprobe/errprobe/schemas"
)

// decode reads JSON the way Validate expects it: numbers as json.Number.
func decode(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding %s: %v", s, err)
	}
	return v
}

func pointers(fs []schemas.Failure) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Pointer
	}
	return out
}

func TestBuiltinsCompile(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{schemas.Problem, schemas.Simple, schemas.Lenient, schemas.Report}
	for _, f := range files {
		if n := strings.TrimSuffix(f, ".schema.json"); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if _, err := schemas.Builtin(name); err != nil {
				t.Fatalf("Builtin(%q): %v", name, err)
			}
			raw, err := schemas.Raw(name)
			if err != nil {
				t.Fatal(err)
			}
			var head struct {
				Schema string `json:"$schema"`
				ID     string `json:"$id"`
			}
			if err := json.Unmarshal(raw, &head); err != nil {
				t.Fatal(err)
			}
			if head.Schema != "https://json-schema.org/draft/2020-12/schema" {
				t.Errorf("$schema = %q, want draft 2020-12", head.Schema)
			}
			if want := "https://errprobe.dev/schemas/" + name + ".schema.json"; head.ID != want {
				t.Errorf("$id = %q, want %q", head.ID, want)
			}
		})
	}
}

func TestBuiltinUnknown(t *testing.T) {
	t.Parallel()
	if _, err := schemas.Builtin("nope"); !errors.Is(err, schemas.ErrInvalid) {
		t.Fatalf("Builtin(nope) error = %v, want ErrInvalid", err)
	}
}

// Representative error bodies.
const (
	rfc9457Credit = `{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.",
		"detail":"Your current balance is 30, but that costs 50.","instance":"/account/12345/msgs/abc",
		"balance":30,"accounts":["/account/12345","/account/67890"]}`
	rfc9457Validation = `{"type":"https://example.net/validation-error","title":"Your request is not valid.",
		"errors":[{"detail":"must be a positive integer","pointer":"#/age"},
		{"detail":"must be 'green', 'red' or 'blue'","pointer":"#/profile/color"}]}`
	rfc9457Status = `{"type":"about:blank","title":"Not Found","status":404}`
	simpleBody    = `{"error":"x","message":"y"}`
	simpleFull    = `{"error":{"code":"E42"},"message":"y","status":400}`
	fastAPI       = `{"detail":[{"loc":["body","age"],"msg":"ensure this value is greater than 0","type":"value_error.number.not_gt"}]}`
	bareString    = `"Internal Server Error"`
	emptyArray    = `[]`
	emptyObject   = `{}`
)

func TestBuiltinBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		schema, name, body string
		ok                 bool
	}{
		{schemas.Problem, "rfc9457 out of credit", rfc9457Credit, true},
		{schemas.Problem, "rfc9457 validation", rfc9457Validation, true},
		{schemas.Problem, "rfc9457 status", rfc9457Status, true},
		{schemas.Problem, "empty object (every member optional)", emptyObject, true},
		{schemas.Problem, "simple body (extension members allowed)", simpleBody, true},
		{schemas.Problem, "fastapi detail array", fastAPI, false},
		{schemas.Problem, "bare string", bareString, false},
		{schemas.Problem, "empty array", emptyArray, false},
		{schemas.Problem, "status as string", `{"status":"404"}`, false},
		{schemas.Problem, "status out of range", `{"status":99}`, false},
		{schemas.Problem, "status not integer", `{"status":404.5}`, false},
		{schemas.Problem, "title not string", `{"title":5}`, false},

		{schemas.Simple, "simple", simpleBody, true},
		{schemas.Simple, "simple with object error and status", simpleFull, true},
		{schemas.Simple, "rfc9457 out of credit", rfc9457Credit, false},
		{schemas.Simple, "fastapi detail array", fastAPI, false},
		{schemas.Simple, "message missing", `{"error":"x"}`, false},
		{schemas.Simple, "message not string", `{"error":"x","message":5}`, false},
		{schemas.Simple, "status out of range", `{"error":"x","message":"y","status":600}`, false},
		{schemas.Simple, "bare string", bareString, false},
		{schemas.Simple, "empty array", emptyArray, false},
		{schemas.Simple, "empty object", emptyObject, false},

		{schemas.Lenient, "rfc9457 out of credit", rfc9457Credit, true},
		{schemas.Lenient, "rfc9457 validation", rfc9457Validation, true},
		{schemas.Lenient, "simple", simpleBody, true},
		{schemas.Lenient, "fastapi detail array", fastAPI, true},
		{schemas.Lenient, "oauth error_description", `{"error":"invalid_request","error_description":"bad"}`, true},
		{schemas.Lenient, "msg", `{"msg":"bad"}`, true},
		{schemas.Lenient, "nothing readable", `{"code":17}`, false},
		{schemas.Lenient, "detail a number", `{"detail":5}`, false},
		{schemas.Lenient, "message null", `{"message":null}`, false},
		{schemas.Lenient, "bare string", bareString, false},
		{schemas.Lenient, "empty array", emptyArray, false},
		{schemas.Lenient, "empty object", emptyObject, false},
		{schemas.Lenient, "message a list of texts", `{"statusCode":400,"message":["name must be a string"],"error":"Bad Request"}`, true},
		{schemas.Lenient, "message an empty list", `{"message":[]}`, false},
		{schemas.Lenient, "message a list of numbers", `{"message":[1,2]}`, false},
		{schemas.Lenient, "message one level down", `{"error":{"statusCode":422,"name":"UnprocessableEntityError","message":"invalid","details":[]}}`, true},
		{schemas.Lenient, "title one level down", `{"status":"fail","data":{"title":"A title is required"}}`, true},
		{schemas.Lenient, "field errors", `{"name":["This field is required."],"age":["A valid integer is required."]}`, true},
		{schemas.Lenient, "field errors and a number", `{"name":["This field is required."],"code":3}`, false},
		{schemas.Lenient, "nothing readable one level down", `{"data":{"code":3}}`, false},
	}
	compiled := map[string]*schemas.Schema{}
	for _, name := range []string{schemas.Problem, schemas.Simple, schemas.Lenient} {
		s, err := schemas.Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		compiled[name] = s
	}
	for _, tt := range tests {
		t.Run(tt.schema+"/"+tt.name, func(t *testing.T) {
			t.Parallel()
			fs := compiled[tt.schema].Validate(decode(t, tt.body))
			if got := len(fs) == 0; got != tt.ok {
				t.Errorf("valid = %v, want %v; failures: %+v", got, tt.ok, fs)
			}
			for _, f := range fs {
				if f.Message == "" {
					t.Errorf("failure at %q has no message", f.Pointer)
				}
			}
		})
	}
}

func TestValidatePointers(t *testing.T) {
	t.Parallel()
	nested, err := schemas.FromValue("nested", decode(t, `{
		"type": "object",
		"properties": {
			"errors": {"type": "array", "items": {
				"type": "object", "required": ["code"],
				"properties": {"code": {"type": "string"}}
			}},
			"a/b~c": {"type": "string"}
		}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	problem, err := schemas.Builtin(schemas.Problem)
	if err != nil {
		t.Fatal(err)
	}
	simple, err := schemas.Builtin(schemas.Simple)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		schema *schemas.Schema
		body   string
		want   []string
	}{
		{"problem detail array", problem, fastAPI, []string{"/detail"}},
		{"simple message number", simple, `{"error":"x","message":5}`, []string{"/message"}},
		{"simple bare string at root", simple, bareString, []string{""}},
		{"array items, sorted", nested, `{"errors":[{},{"code":"a"},{"code":1}]}`, []string{"/errors/0", "/errors/2/code"}},
		{"escaped member name", nested, `{"a/b~c":1}`, []string{"/a~1b~0c"}},
		{"valid", nested, `{"errors":[{"code":"a"}]}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fs := tt.schema.Validate(decode(t, tt.body))
			if got := pointers(fs); !slices.Equal(got, tt.want) {
				t.Errorf("pointers = %q, want %q (failures %+v)", got, tt.want, fs)
			}
		})
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFromFileRefusesNetworkRefs(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"type":"object"}`))
	}))
	t.Cleanup(srv.Close)
	for _, ref := range []string{srv.URL + "/error.json", "https://errprobe.invalid/error.json#/$defs/x"} {
		t.Run(ref, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "remote.json")
			writeFile(t, path, `{"$ref":"`+ref+`"}`)
			s, err := schemas.FromFile(path)
			if err == nil {
				t.Fatalf("FromFile with $ref %s compiled: %v", ref, s)
			}
			if !errors.Is(err, schemas.ErrInvalid) {
				t.Errorf("error = %v, want ErrInvalid", err)
			}
		})
	}
	t.Cleanup(func() {
		if n := hits.Load(); n != 0 {
			t.Errorf("the schema loader fetched from the network %d times", n)
		}
	})
}

func TestFromFileResolvesLocalRefs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "defs", "error.json"), `{
		"type": "object", "required": ["code"],
		"properties": {"code": {"$ref": "common.json#/$defs/code"}}
	}`)
	writeFile(t, filepath.Join(dir, "defs", "common.json"), `{"$defs": {"code": {"type": "string", "minLength": 1}}}`)
	writeFile(t, filepath.Join(dir, "main.json"), `{
		"$schema": "https://json-schema.org/draft/2020-12/schema",
		"type": "object", "required": ["error"],
		"properties": {"error": {"$ref": "defs/error.json"}}
	}`)
	s, err := schemas.FromFile(filepath.Join(dir, "main.json"))
	if err != nil {
		t.Fatalf("FromFile: %v", err)
	}
	if fs := s.Validate(decode(t, `{"error":{"code":"E1"}}`)); len(fs) != 0 {
		t.Errorf("valid body rejected: %+v", fs)
	}
	if got := pointers(s.Validate(decode(t, `{"error":{"code":""}}`))); !slices.Equal(got, []string{"/error/code"}) {
		t.Errorf("pointers = %q, want [/error/code]", got)
	}
}

func TestFromFileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := map[string]string{
		"not json":     `{"type":`,
		"bad keyword":  `{"type":"objekt"}`,
		"missing file": `{"$ref":"nowhere.json"}`,
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".json")
			writeFile(t, path, content)
			if _, err := schemas.FromFile(path); !errors.Is(err, schemas.ErrInvalid) {
				t.Errorf("error = %v, want ErrInvalid", err)
			}
		})
	}
	if _, err := schemas.FromFile(filepath.Join(dir, "absent.json")); !errors.Is(err, schemas.ErrInvalid) {
		t.Errorf("absent file: error = %v, want ErrInvalid", err)
	}
}

func TestRawIsEmbedded(t *testing.T) {
	t.Parallel()
	raw, err := schemas.Raw(schemas.Report)
	if err != nil {
		t.Fatal(err)
	}
	disk, err := os.ReadFile("report.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, disk) {
		t.Error("embedded report schema differs from the file on disk")
	}
}
