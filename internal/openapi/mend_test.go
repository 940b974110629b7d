package openapi

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestMend loads descriptions both common validators accept, though
// they break a rule errprobe's parser holds to: each loads, and each
// reinterpretation is a warning that names file:line.
func TestMend(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file     string
		ops      int
		warnings []string // each in some warning, in order
	}{
		{"tuple.yaml", 1, []string{"tuple.yaml:12: items is a list of 2 schemas (tuple form); errprobe uses the first"}},
		{"tuple.json", 1, []string{"tuple.json:10: items is a list of 2 schemas"}},
		{"itemsstr.yaml", 1, []string{`itemsstr.yaml:11: items is the text "string", not a schema; read as {type: string}`}},
		{"maxstr.yaml", 1, []string{`maxstr.yaml:7: maximum is the text "100"; read as the number`}},
		{"maxstr.json", 1, []string{`maxstr.json:8: required is the text "true"; read as the boolean true`, `maxstr.json:8: maximum is the text "100"`, `maxstr.json:8: minLength is the text "x", not a number; ignored`}},
		{"tagref.yaml", 1, []string{"tagref.yaml:6: description is not text (a $ref); ignored"}},
		{"wrongkind.yaml", 1, []string{
			`wrongkind.yaml:7: parameter $ref "#/components/schemas/Q" names a schema, not a parameter; ignored`,
			`wrongkind.yaml:10: response $ref "#/components/schemas/Q" names a schema; read as a response whose body is that schema`,
			`wrongkind.yaml:15: schema $ref "#/components/responses/Bad" names a response; errprobe uses its schema`,
		}},
		{"misc.yaml", 1, []string{
			"misc.yaml:26: examples in a schema is a mapping, not a list; ignored",
			`misc.yaml:30: discriminator mapping "cat" names another document ("models/cat.yml"); ignored`,
		}},
		{"v2intkeys.yaml", 1, nil},
		{"xstream.json", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			spec, err := Load(context.Background(), "testdata/mend/"+tt.file, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(spec.Operations) != tt.ops {
				t.Errorf("%d operations, want %d", len(spec.Operations), tt.ops)
			}
			for _, op := range spec.Operations {
				if op.Line == 0 {
					t.Errorf("%s: no line", op.Key())
				}
			}
			all := strings.Join(spec.Warnings, "\n")
			for _, w := range tt.warnings {
				if !strings.Contains(all, "testdata/mend/"+w) {
					t.Errorf("warnings lack %q:\n%s", w, all)
				}
			}
			if tt.warnings == nil && len(spec.Warnings) > 0 {
				t.Errorf("warnings for a valid description:\n%s", all)
			}
		})
	}
}

// TestMendedSchemas checks what the mended parts read as.
func TestMendedSchemas(t *testing.T) {
	t.Parallel()
	load := func(file string) *Spec {
		spec, err := Load(context.Background(), "testdata/mend/"+file, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return spec
	}
	if s := load("tuple.yaml").Operations[0].Body.Schema.Items; s == nil || s.Type() != "string" {
		t.Errorf("tuple items read as %+v, want the first schema", s)
	}
	if s := load("itemsstr.yaml").Operations[0].Body.Schema.Items; s == nil || s.Type() != "string" {
		t.Errorf("items: string read as %+v", s)
	}
	p := load("maxstr.json").Operations[0].Parameters[0]
	if !p.Required || p.Schema.Maximum == nil || *p.Schema.Maximum != 100 {
		t.Errorf("parameter read as required=%v maximum=%v", p.Required, p.Schema.Maximum)
	}
	op := load("wrongkind.yaml").Operations[0]
	if len(op.Parameters) != 0 || op.Response("200") == nil || op.Response("200").Schema == nil || op.ResponseFor(400).Schema.Type() != "object" {
		t.Errorf("wrong-kind refs read as parameters %v, responses %+v", op.Parameters, op.Responses)
	}
	stream := load("xstream.json").Operations[0].Response("200")
	if stream == nil || stream.Schema == nil || stream.Schema.Properties["error"] == nil {
		t.Errorf("x-stream-definitions response read as %+v", stream)
	}
}

// TestRefused: descriptions that are truly broken are refused, with the
// file:line of the place.
func TestRefused(t *testing.T) {
	t.Parallel()
	tests := []struct{ file, want string }{
		{"broken-paths.yaml", "testdata/mend/broken-paths.yaml:4: paths must be a mapping of paths, not a list"},
		{"broken-response.yaml", `testdata/mend/broken-response.yaml:9: GET /pets/{id}, response 200 must be a response object, not text "the pet"`},
		{"null-schema.yaml", "testdata/mend/null-schema.yaml:12: POST /pets, requestBody, content, application/json, schema, property name is null; a schema must be an object"},
		{"broken-items.json", `testdata/mend/broken-items.json:7: $ref "#/components/schemas/Nope" points at nothing`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			_, err := Load(context.Background(), "testdata/mend/"+tt.file, Options{})
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}
