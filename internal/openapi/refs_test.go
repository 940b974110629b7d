package openapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
)

// secret is the content of files outside the description's folder: no
// error may show it.
const secret = "SECRET-CONTENT-4711"

// refSpec is a description whose one response schema is a $ref to ref.
func refSpec(ref string, asJSON bool) string {
	if asJSON {
		return `{"openapi":"3.0.3","info":{"title":"r","version":"1"},"paths":{"/a":{"get":{"responses":{
"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"` + ref + `"}}}}}}}}}`
	}
	return "openapi: 3.0.3\ninfo: {title: r, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '" + ref + "'}\n"
}

func TestRefConfinement(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("Pet: {type: object}\n"))
	}))
	t.Cleanup(srv.Close)
	top := t.TempDir()
	dir := filepath.Join(top, "api")
	for path, content := range map[string]string{
		"api/schemas/pet.yaml": "Pet: {type: object, properties: {name: {type: string}}}\n",
		"outside.yaml":         "X: " + secret + "\n",
	} {
		path = filepath.Join(top, path)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(top, "outside.yaml"), filepath.Join(dir, "schemas", "link.yaml")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, ref string
		network   bool
		want      string // "" loads
	}{
		{"file below the folder", "schemas/pet.yaml#/Pet", false, ""},
		{"dot-dot escape", "../outside.yaml#/X", false, "is outside the description's folder"},
		{"deeper dot-dot escape", "schemas/../../outside.yaml#/X", false, "is outside the description's folder"},
		{"absolute path", filepath.ToSlash(filepath.Join(top, "outside.yaml")) + "#/X", false, "is outside the description's folder"},
		{"symlink escape", "schemas/link.yaml#/X", false, "leads outside the description's folder"},
		{"missing file", "schemas/nope.yaml#/X", false, "no such file"},
		{"network refused", srv.URL + "/pet.yaml#/Pet", false, "external reference on the network; give --allow-external-refs"},
		{"network allowed", srv.URL + "/pet.yaml#/Pet", true, ""},
	}
	for _, tt := range tests {
		for _, asJSON := range []bool{false, true} {
			name := "spec.yaml"
			if asJSON {
				name = "spec.json"
			}
			t.Run(tt.name+"/"+name, func(t *testing.T) { // one file per case: not parallel
				path := filepath.Join(dir, name)
				if err := os.WriteFile(path, []byte(refSpec(tt.ref, asJSON)), 0o644); err != nil {
					t.Fatal(err)
				}
				before := hits.Load()
				spec, err := Load(context.Background(), path, Options{AllowExternalRefs: tt.network})
				if tt.want == "" {
					if err != nil {
						t.Fatal(err)
					}
					if r := spec.Operations[0].Response("200"); r == nil || r.Schema == nil || r.Schema.Type() != "object" {
						t.Errorf("the referenced schema was not loaded: %+v", r)
					}
					return
				}
				if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("error %v, want %q", err, tt.want)
				}
				if strings.Contains(err.Error(), secret) {
					t.Errorf("the error shows the file's content: %v", err)
				}
				if !regexp.MustCompile(regexp.QuoteMeta(name) + `:\d+: `).MatchString(err.Error()) {
					t.Errorf("the error does not name the description and line: %v", err)
				}
				if !tt.network && hits.Load() != before {
					t.Errorf("a network $ref was fetched without AllowExternalRefs")
				}
			})
		}
	}
}
