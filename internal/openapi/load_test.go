package openapi

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/internal/testfiles"
)

// specFile is a description a test loops over: its name for t.Run and
// its path.
type specFile struct{ name, path string }

// testdataSpecs lists every description in the repository's testdata/specs
// (see testdata/README.md), the gzipped ones decompressed.
func testdataSpecs(t testing.TB) []specFile {
	t.Helper()
	var files []specFile
	for _, name := range testfiles.Specs(t) {
		files = append(files, specFile{strings.TrimPrefix(name, "specs/"), testfiles.Path(t, name)})
	}
	return files
}

func TestLoadTestdataSpecs(t *testing.T) {
	t.Parallel()
	for _, s := range testdataSpecs(t) {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			if testing.Short() && strings.Contains(s.name, "github") {
				t.Skip("large description")
			}
			f := s.path
			spec, err := Load(context.Background(), f, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if spec.Version == "" || spec.Source != f {
				t.Errorf("version %q source %q", spec.Version, spec.Source)
			}
			if !strings.Contains(f, "webhook") && len(spec.Operations) == 0 {
				t.Errorf("no operations")
			}
			for _, op := range spec.Operations {
				if op.Method == "" || !strings.HasPrefix(op.Path, "/") {
					t.Fatalf("bad operation %+v", op)
				}
			}
		})
	}
}

func TestFeatures(t *testing.T) {
	t.Parallel()
	spec, err := Load(context.Background(), "testdata/features.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if spec.BasePath != "/v2" {
		t.Errorf("base path %q, want /v2", spec.BasePath)
	}
	if len(spec.Operations) != 2 || spec.Operations[0].Key() != "GET /items/{id}" || spec.Operations[1].Key() != "PUT /items/{id}" {
		t.Fatalf("operations %v", spec.Operations)
	}
	get, put := spec.Operations[0], spec.Operations[1]
	if get.Line == 0 {
		t.Errorf("no line for %s", get.Key())
	}
	if len(get.Parameters) != 2 || !get.Parameters[1].Required || get.Parameters[0].Example != float64(7) && get.Parameters[0].Example != 7 {
		t.Errorf("parameters not merged: %+v %+v", get.Parameters[0], get.Parameters[1])
	}
	if !get.Secured() || put.Secured() {
		t.Errorf("security: get %v put %v", get.Secured(), put.Secured())
	}
	if r := get.ResponseFor(404); r == nil || r.Schema == nil || r.Schema.Ref != "Problem" {
		t.Errorf("404 response %+v", r)
	}
	if r := get.ResponseFor(418); r == nil || r.Status != "4XX" {
		t.Errorf("418 falls to %+v, want 4XX", r)
	}
	if r := get.ResponseFor(503); r == nil || r.Status != "DEFAULT" {
		t.Errorf("503 falls to %+v, want default", r)
	}
	title := get.ResponseFor(404).Schema.Properties["title"]
	if !title.Nullable() || title.Type() != "string" {
		t.Errorf("3.1 type list: %+v", title.Types)
	}
	if ex := get.ResponseFor(404).Schema.Properties["status"].ExclusiveMinimum; ex == nil || *ex != 99 {
		t.Errorf("exclusiveMinimum %v", ex)
	}
	if put.Body == nil || put.Body.ContentType != "application/json" || !put.Body.Required {
		t.Fatalf("body %+v", put.Body)
	}
	node := put.Body.Schema
	if node.Properties["child"] != node || !node.NoAdditional {
		t.Errorf("recursive schema not shared or additionalProperties lost")
	}
	js, err := json.Marshal(JSONSchema(node))
	if err != nil || !strings.Contains(string(js), `"$ref":"#/$defs/Node"`) {
		t.Errorf("JSON Schema of a recursive schema: %s %v", js, err)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data, want string
	}{
		{"empty", "", "empty"},
		{"not openapi", `{"hello": 1}`, `neither an "openapi" nor a "swagger"`},
		{"yaml syntax", "openapi: 3.0.3\ninfo: {title: x\n", "x.yaml:3:1: YAML syntax error"},
		{"dangling ref", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Nope'}\n", `x.yaml:7: $ref "#/components/responses/Nope" points at nothing`},
		{"alias bomb", "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\nswagger: '2.0'\n", "x.yaml"},
		{"external ref refused", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'http://127.0.0.1:1/r.yaml#/R'}\n", "x.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(context.Background(), "x.yaml", []byte(tt.data), Options{})
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want ErrInvalid containing %q", err, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	// The mend fixtures seed the path that mends refused descriptions.
	// The Swagger 2.0 ones seed bundling, defaults and refusals.
	mend, _ := filepath.Glob("testdata/mend/*")
	v2, _ := filepath.Glob("testdata/swagger2/*.yaml")
	refused, _ := filepath.Glob("testdata/swagger2/refused/*.yaml")
	for _, name := range append(append(append([]string{"testdata/features.yaml"}, mend...), v2...), refused...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"swagger":"2.0","info":{"title":"x","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}}}}}}`))
	f.Add([]byte("openapi: 3.0.3\npaths: {/a: {get: {responses: {default: {description: x}}}}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, err := Parse(context.Background(), "fuzz.yaml", data, Options{})
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error not marked invalid: %v", err)
			}
			return
		}
		for _, op := range spec.Operations {
			if op.Body != nil {
				_ = JSONSchema(op.Body.Schema)
			}
		}
	})
}
