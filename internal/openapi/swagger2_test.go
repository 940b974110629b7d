package openapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const swagger2Dir = "testdata/swagger2/"

func operationKeys(spec *Spec) []string {
	var keys []string
	for _, op := range spec.Operations {
		keys = append(keys, op.Key())
	}
	return keys
}

// TestSwagger2Loads loads Swagger 2.0 layouts that OpenAPI 3 descriptions
// use too: $refs into other files of the description's folder, path items
// written as $ref (to another file or to a local pointer), and $refs deep
// under additionalProperties.
func TestSwagger2Loads(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file  string
		ops   []string
		check func(t *testing.T, spec *Spec)
	}{
		{"split/swagger.json", []string{"GET /pets", "POST /pets", "GET /pets/{id}", "DELETE /pets/{id}"}, func(t *testing.T, spec *Spec) {
			get := spec.Operations[0]
			if len(get.Parameters) != 2 || get.Parameters[0].Name != "tags" || get.Parameters[1].Name != "limit" {
				t.Errorf("parameters from parameters.json: %+v", get.Parameters)
			}
			item := get.Response("200").Schema.Items
			if item == nil || len(item.AllOf) != 2 || item.AllOf[0].Properties["name"] == nil {
				t.Errorf("Pet.json (allOf NewPet.json) read as %+v", item)
			}
			if e := get.Response("default").Schema; e == nil || e.Properties["message"] == nil {
				t.Errorf("common/Error.json read as %+v", e)
			}
			post := spec.Operations[1]
			if post.Body == nil || post.Body.Schema == nil || post.Body.Schema.Properties["parent"] == nil {
				t.Fatalf("body NewPet.json read as %+v", post.Body)
			}
			if r := post.Response("default"); r == nil || r.Schema == nil || r.Schema.Properties["code"] == nil {
				t.Errorf("response from responses.json read as %+v", r)
			}
			byID := spec.Operations[2]
			if len(byID.Parameters) != 1 || byID.Parameters[0].In != "path" || byID.Parameters[0].Schema.Type() != "integer" {
				t.Errorf("path item from paths/pet.json: parameters %+v", byID.Parameters)
			}
			if byID.ResponseFor(404).Schema == nil {
				t.Errorf("404 from ../responses.json has no schema")
			}
			if byID.Line != 44 {
				t.Errorf("GET /pets/{id} placed at line %d, want 44 (its $ref)", byID.Line)
			}
		}},
		{"yamlsplit/swagger.yaml", []string{"GET /users", "POST /users", "GET /users/{username}"}, func(t *testing.T, spec *Spec) {
			list := spec.Operations[0].Response("200").Schema.Items
			if list == nil || list.Properties["email"] == nil || list.Properties["manager"] != list {
				t.Errorf("users.yaml's #/definitions/User read as %+v", list)
			}
			if b := spec.Operations[1].Body; b == nil || b.Schema.Properties["username"] == nil || b.Schema.Properties["username"].MinLength != 3 {
				t.Errorf("body user.yaml read as %+v", b)
			}
			if p := spec.Operations[2].ResponseFor(404).Schema; p == nil || p.Properties["status"] == nil {
				t.Errorf("problem.yaml#/Problem read as %+v", p)
			}
		}},
		{"sections/swagger.yaml", []string{"GET /pets", "POST /pets"}, func(t *testing.T, spec *Spec) {
			pet := spec.Operations[0].Response("200").Schema
			if pet == nil || pet.Properties["owner"] == nil || pet.Properties["owner"].Properties["pets"].Items != pet {
				t.Errorf("definitions.yaml's Pet and Owner read as %+v", pet)
			}
			if body := spec.Operations[1].Body; body == nil || body.Schema != pet {
				t.Errorf("POST body is not the same Pet: %+v", body)
			}
			if spec.Operations[1].Line != 5 {
				t.Errorf("POST /pets placed at line %d, want 5 (the paths $ref)", spec.Operations[1].Line)
			}
		}},
		{"pathref-local.yaml", []string{"GET /tasks", "GET /tasks/{id}", "GET /v1/tasks"}, func(t *testing.T, spec *Spec) {
			task := spec.Operations[1]
			if len(task.Parameters) != 1 || task.Parameters[0].Name != "id" || task.Response("404") == nil {
				t.Errorf("path item from #/x-path-items/task read as %+v", task)
			}
			if s := spec.Operations[2].Response("200").Schema; s == nil || s.Items == nil || s.Items.Properties["title"] == nil {
				t.Errorf("/v1/tasks from #/paths/~1tasks: %+v", s)
			}
		}},
		{"additional-nested.yaml", []string{"GET /matrix", "GET /series"}, func(t *testing.T, spec *Spec) {
			rows := spec.Operations[0].Response("200").Schema.AdditionalProperties
			if rows == nil || rows.Items == nil || rows.Items.AdditionalProperties == nil || rows.Items.AdditionalProperties.Properties["value"] == nil {
				t.Errorf("additionalProperties -> items -> additionalProperties -> Cell read as %+v", rows)
			}
			series := spec.Operations[1].Response("200").Schema.AdditionalProperties
			if series == nil || series.Properties["points"] == nil || series.Properties["points"].Items.Properties["v"] == nil {
				t.Errorf("additionalProperties -> properties -> items -> Point read as %+v", series)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			spec, err := Load(context.Background(), swagger2Dir+tt.file, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := operationKeys(spec); !slices.Equal(got, tt.ops) {
				t.Fatalf("operations %v, want %v", got, tt.ops)
			}
			for _, op := range spec.Operations {
				if op.Line == 0 {
					t.Errorf("%s: no line", op.Key())
				}
			}
			if len(spec.Warnings) > 0 {
				t.Errorf("warnings for a valid description:\n%s", strings.Join(spec.Warnings, "\n"))
			}
			tt.check(t, spec)
		})
	}
}

// TestSwagger2Refused: every refusal of a Swagger 2.0 description says
// file:line, the operation or the place, and what is wrong, in words.
func TestSwagger2Refused(t *testing.T) {
	t.Parallel()
	abs, err := filepath.Abs(swagger2Dir + "refused/escape")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ file, want string }{
		{"body-and-form.yaml", `body-and-form.yaml:8: POST /pets/{id}/photo has a body parameter ("meta" at line 7) and form parameters ("file" at line 11); an operation's body is one or the other`},
		{"two-bodies.yaml", `two-bodies.yaml:5: PUT /pets has 2 body parameters ("pet" at line 7, "extra" at line 12); an operation has at most one body`},
		{"parameters-not-list.yaml", `parameters-not-list.yaml:6: GET /pets: parameters must be a list of parameters, not a mapping`},
		{"parameter-not-object.yaml", `parameter-not-object.yaml:8: GET /pets, parameter 2 must be a parameter object, not text`},
		{"schema-type-number.yaml", `schema-type-number.yaml:12: GET /pets, response 200, schema, property age: type must be text, not a number`},
		{"enum-not-list.yaml", `enum-not-list.yaml:7: GET /pets, parameter 1: enum must be a list, not text`},
		{"definition-not-object.yaml", `definition-not-object.yaml:9: definition Pet must be a schema object, not text`},
		{"null-property.yaml", `null-property.yaml:12: GET /pets, response 200, schema, property name is null; a schema must be an object`},
		{"ref-nowhere.yaml", `ref-nowhere.yaml:7: GET /pets, parameter 1: $ref "#/parameters/limit" points at nothing`},
		{"path-item-cycle.yaml", `path-item-cycle.yaml:7: path /a: $ref "#/paths/~1a": more than 64 $refs in a chain; do they go round in a circle?`},
		{"pointer-nowhere.yaml", `pointer-nowhere.yaml:5: path /pets: $ref "parts/paths.yaml#/pets" points at nothing`},
		{"missing-file.yaml", `missing-file.yaml:9: GET /pets: $ref "definitions/pet.yaml": $ref not followed: "definitions/pet.yaml": no such file or directory`},
		{"network-ref.yaml", `network-ref.yaml:9: GET /pets: $ref "http://127.0.0.1:9/definitions.yaml#/Pet": $ref not followed: "http://127.0.0.1:9/definitions.yaml" is an external reference on the network; give --allow-external-refs to fetch it`},
		{"cycle/swagger.yaml", `cycle/q.yaml:1: GET /a: $ref "p.yaml#/A": more than 64 $refs in a chain; do they go round in a circle?`},
		{"external/swagger.yaml", `external/defs/problem.yaml:3: definition problem, property status: type must be text, not a number`},
		{"escape/api/swagger.yaml", `escape/api/swagger.yaml:9: GET /pets: $ref "../common/Error.json": $ref not followed: "` +
			filepath.ToSlash(filepath.Join(abs, "common/Error.json")) + `" is outside the description's folder ` + filepath.Join(abs, "api")},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			_, err := Load(context.Background(), swagger2Dir+"refused/"+tt.file, Options{})
			want := "invalid API description: " + swagger2Dir + "refused/" + tt.want
			if !errors.Is(err, ErrInvalid) || err.Error() != want {
				t.Errorf("error\n%v\nwant\n%s", err, want)
			}
		})
	}
}

// TestSwagger2Consumes: an operation whose media types the description
// leaves unsaid is read as Swagger tooling reads it.
func TestSwagger2Consumes(t *testing.T) {
	t.Parallel()
	spec, err := Load(context.Background(), swagger2Dir+"no-consumes.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"POST /todos":          "application/json",
		"POST /todos/bulk":     "application/json",
		"PUT /todos/{id}/note": "*/*", // a string body: nothing says it is JSON
		"POST /upload":         "multipart/form-data",
		"POST /login":          "application/x-www-form-urlencoded",
		"POST /todos/xml":      "application/xml",
	}
	for _, op := range spec.Operations {
		if op.Body == nil {
			t.Errorf("%s: no body", op.Key())
			continue
		}
		if got := strings.Join(op.Body.ContentTypes, ","); got != want[op.Key()] {
			t.Errorf("%s: media types %s, want %s", op.Key(), got, want[op.Key()])
		}
	}
	upload := spec.Operations[slices.IndexFunc(spec.Operations, func(o *Operation) bool { return o.Path == "/upload" })]
	if f := upload.Body.Schema.Properties["file"]; f == nil || f.Format != "binary" || !slices.Contains(upload.Body.Schema.Required, "file") {
		t.Errorf("upload form read as %+v", upload.Body.Schema)
	}
}

// TestSwagger2NetworkRef: a $ref to a URL is fetched only with
// AllowExternalRefs, as for OpenAPI 3.
func TestSwagger2NetworkRef(t *testing.T) {
	t.Parallel()
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.Write([]byte("Pet: {type: object, properties: {name: {type: string}, self: {$ref: '#/Pet'}}}\n"))
	}))
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "swagger.yaml")
	doc := "swagger: '2.0'\ninfo: {title: n, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          schema: {$ref: '" + srv.URL + "/defs.yaml#/Pet'}\n"
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(context.Background(), path, Options{}); err == nil || !strings.Contains(err.Error(), "give --allow-external-refs") || hits != 0 {
		t.Fatalf("without AllowExternalRefs: error %v, %d fetches", err, hits)
	}
	spec, err := Load(context.Background(), path, Options{AllowExternalRefs: true})
	if err != nil {
		t.Fatal(err)
	}
	s := spec.Operations[0].Response("200").Schema
	if s == nil || s.Properties["name"] == nil || s.Properties["self"] != s {
		t.Errorf("fetched schema read as %+v", s)
	}
}

// TestSwagger2MendElsewhere: a mend in a file a $ref names is reported at
// that file's line.
func TestSwagger2MendElsewhere(t *testing.T) {
	t.Parallel()
	spec, err := Load(context.Background(), swagger2Dir+"mended/swagger.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := swagger2Dir + `mended/defs/a.yaml:5: maximum is the text "100"; read as the number`
	if len(spec.Warnings) != 1 || spec.Warnings[0] != want {
		t.Errorf("warnings %q, want %q", spec.Warnings, want)
	}
	if m := spec.Operations[0].Response("200").Schema.Properties["n"].Maximum; m == nil || *m != 100 {
		t.Errorf("maximum read as %v", m)
	}
}
