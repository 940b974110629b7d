package openapi

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/internal/testfiles"
)

func TestOperationLines(t *testing.T) {
	t.Parallel()
	data := []byte(`{
  "openapi": "3.0.3",
  "x-paths": {"/nope": {"get": {}}},
  "paths": {
    "/a\/b": {
      "parameters": [{"name": "get", "in": "query"}],
      "get": {"responses": {"200": {"description": "{\"post\": 1}"}}},
      "post": {"responses": {}}
    },
    "/c": {"delete": {}, "summary": "x"}
  }
}`)
	got := operationLines(data)
	want := map[string]map[string]int{"/a/b": {"GET": 7, "POST": 8}, "/c": {"DELETE": 10}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for path, ms := range want {
		for m, line := range ms {
			if got[path][m] != line {
				t.Errorf("%s %s: line %d, want %d (all: %v)", m, path, got[path][m], line, got)
			}
		}
	}
}

// TestJSONLinesMatchOrigins checks that the byte scan finds the same lines
// as the parser's origin tracking on a JSON description.
func TestJSONLinesMatchOrigins(t *testing.T) {
	t.Parallel()
	f := testfiles.Path(t, "specs/oai/v3.0/petstore-expanded.json")
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	scanned, err := Parse(context.Background(), f, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// AllowExternalRefs takes the general path, which records origins.
	tracked, err := Parse(context.Background(), f, data, Options{AllowExternalRefs: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, op := range tracked.Operations {
		if op.Line == 0 || scanned.Operations[i].Line != op.Line {
			t.Errorf("%s: scanned line %d, origin line %d", op.Key(), scanned.Operations[i].Line, op.Line)
		}
	}
}

func TestIsSwagger2(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want bool
	}{
		{`{"swagger":"2.0"}`, true}, {`swagger: "2.0"`, true}, {`swagger: 2.0`, true}, {"info: {}\nswagger: '2.0'", true},
		{`{"openapi":"3.0.0"}`, false}, {`x: {a: 1, swagger: 2.0}`, false}, {`description: "see swagger: 2.0"`, false},
		{`notswagger: 2.0`, false}, {`"swagger" : "3.0"`, false}, {`'swagger':'2.`, true}, {`swagger`, false},
		{`swagger:`, false}, {"\tswagger:\n  2.0", false}, {`swaggerswagger: 2.0`, false}, {`swagger: 2.0 swagger`, true},
		{`{"info":{}, "swagger" : "2.0"}`, true},
		// An example that embeds a Swagger 2.0 description (Azure's).
		{`{"openapi":"3.0.0","x":{"value":{"swagger":"2.0"}}}`, false},
		{"openapi: 3.0.0\nx:\n  swagger: '2.0'\n", false},
		{"---\n  swagger: '2.0'\n  info: {}\n", true}, {"# c\n\n  info: {}\n  swagger: 2.0\n", true},
		{`{"s":"{\"swagger\":\"2.0\"}", "swagger":"2.0"}`, true},
	}
	for _, tt := range tests {
		if got := isSwagger2([]byte(tt.in)); got != tt.want {
			t.Errorf("isSwagger2(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// swagger2 finds a "swagger: 2.x" field at any depth.
var swagger2 = regexp.MustCompile(`(?m)(^|[{,\s])["']?swagger["']?\s*:\s*["']?2\.`)

func FuzzIsSwagger2(f *testing.F) {
	for _, s := range []string{`{"swagger":"2.0"}`, "a:\n 'swagger' :\n '2.", `,swagger:2.`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if strings.Count(in, "swagger") > 20 {
			return
		}
		// The regexp finds the field at any depth: a superset.
		if isSwagger2([]byte(in)) && !swagger2.MatchString(in) {
			t.Errorf("isSwagger2(%q) without the field", in)
		}
	})
}
