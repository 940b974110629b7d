package openapi

import (
	"context"
	"os"
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

func TestIsSwagger2MatchesRegexp(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		`{"swagger":"2.0"}`, `swagger: "2.0"`, `swagger: 2.0`, "info: {}\nswagger: '2.0'", `{"openapi":"3.0.0"}`,
		`x: {a: 1, swagger: 2.0}`, `description: "see swagger: 2.0"`, `notswagger: 2.0`, `"swagger" : "3.0"`,
		`'swagger':'2.`, `swagger`, `swagger:`, "\tswagger:\n  2.0", `swaggerswagger: 2.0`, `swagger: 2.0 swagger`,
	} {
		if got, want := isSwagger2([]byte(in)), swagger2.MatchString(in); got != want {
			t.Errorf("isSwagger2(%q) = %v, the regexp says %v", in, got, want)
		}
	}
}

func FuzzIsSwagger2(f *testing.F) {
	for _, s := range []string{`{"swagger":"2.0"}`, "a:\n 'swagger' :\n '2.", `,swagger:2.`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if strings.Count(in, "swagger") > 20 {
			return
		}
		if got, want := isSwagger2([]byte(in)), swagger2.MatchString(in); got != want {
			t.Errorf("isSwagger2(%q) = %v, the regexp says %v", in, got, want)
		}
	})
}
