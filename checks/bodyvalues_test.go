package checks

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

const bodyValuesSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    post:
      operationId: addPet
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name, age]
              properties:
                name: {type: string, minLength: 2}
                age: {type: integer, minimum: 0}
                nick: {type: string}
                owner:
                  type: object
                  required: [login]
                  properties:
                    login: {type: string}
                tags: {type: array, items: {type: string}}
      responses:
        "201": {description: ok}
  /batch:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: array
              items:
                type: object
                required: [id]
                properties:
                  id: {type: integer}
      responses:
        "200": {description: ok}
  /form:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [user]
              properties:
                user: {type: string}
      responses:
        "200": {description: ok}
`

func TestBodyValues(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Parse(context.Background(), "bodyvalues.yaml", []byte(bodyValuesSpec), openapi.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]*openapi.Operation{}
	for _, op := range spec.Operations {
		ops[op.Key()] = op
	}
	tests := []struct {
		name   string
		op     string
		values ParamValues
		want   map[string]any // JSON pointer-ish top-level members of the valid body
		absent []string
	}{
		{"typed by schema", "POST /pets", ParamValues{{In: InBody, Name: "name", Value: "rex"}, {In: InBody, Name: "age", Value: "7"}},
			map[string]any{"name": "rex", "age": float64(7)}, nil},
		{"a string field keeps digits as a string", "POST /pets", ParamValues{{In: InBody, Name: "name", Value: "10"}},
			map[string]any{"name": "10"}, nil},
		{"nested, parent created", "POST /pets", ParamValues{{In: InBody, Name: "owner.login", Value: "alice"}},
			map[string]any{"owner": map[string]any{"login": "alice"}}, nil},
		{"array field as JSON", "POST /pets", ParamValues{{In: InBody, Name: "tags", Value: `["a","b"]`}},
			map[string]any{"tags": []any{"a", "b"}}, nil},
		{"undeclared top-level field", "POST /pets", ParamValues{{In: InBody, Name: "extra", Value: "x"}},
			map[string]any{"extra": "x"}, nil},
		{"operation's own value wins", "POST /pets", ParamValues{
			{In: InBody, Name: "name", Value: "own", Operation: "addPet"}, {In: InBody, Name: "name", Value: "every"}},
			map[string]any{"name": "own"}, nil},
		{"other operation's value ignored", "POST /pets", ParamValues{{In: InBody, Name: "name", Value: "x", Operation: "POST /batch"}},
			nil, nil},
		{"omit", "POST /pets", ParamValues{{In: InBody, Name: "age", Omit: true}}, nil, []string{"age"}},
		{"a parameter value never sets a body field", "POST /pets", ParamValues{{Name: "name", Value: "rex"}, {In: "query", Name: "age", Value: "3"}},
			nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := &Gen{Spec: spec, Values: tt.values}
			plain := &Gen{Spec: spec}
			op := ops[tt.op]
			var got, base map[string]any
			if err := json.Unmarshal(g.base(op).body, &got); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(plain.base(op).body, &base); err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.want {
				if !reflect.DeepEqual(got[k], v) {
					t.Errorf("valid body %s = %#v, want %#v", k, got[k], v)
				}
			}
			for _, k := range tt.absent {
				if _, ok := got[k]; ok {
					t.Errorf("valid body has %s, want it left out", k)
				}
			}
			if tt.want == nil && tt.absent == nil && !reflect.DeepEqual(got, base) {
				t.Errorf("valid body = %v, want the sample %v", got, base)
			}
			// Every body probe starts from the same values.
			for _, p := range (missingField{}).Probes(g) {
				if p.Op != op {
					continue
				}
				var body map[string]any
				if err := json.Unmarshal(p.Request.Body, &body); err != nil {
					t.Fatal(err)
				}
				for k, v := range tt.want {
					if !strings.Contains(p.ID, ":"+k) && !reflect.DeepEqual(body[k], v) {
						t.Errorf("%s: body %s = %#v, want %#v", p.ID, k, body[k], v)
					}
				}
			}
		})
	}
}

func TestBodyValuesArrayAndForm(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Parse(context.Background(), "bodyvalues.yaml", []byte(bodyValuesSpec), openapi.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := &Gen{Spec: spec, Values: ParamValues{{In: InBody, Name: "[0].id", Value: "42"}, {In: InBody, Name: "user", Value: "bob smith"}}}
	for _, op := range spec.Operations {
		body := string(g.base(op).body)
		switch op.Path {
		case "/batch":
			if body != `[{"id":42}]` {
				t.Errorf("array body = %s, want [{\"id\":42}]", body)
			}
		case "/form":
			if body != "user=bob+smith" {
				t.Errorf("form body = %s, want user=bob+smith", body)
			}
		}
	}
	pets := spec.Operations[slices.IndexFunc(spec.Operations, func(op *openapi.Operation) bool { return op.Path == "/pets" })]
	if !HasBodyField(pets, "owner.login") || HasBodyField(pets, "owner.nope") {
		t.Error("HasBodyField does not follow the schema")
	}
}

func TestSplitLocation(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][2]string{
		"query:limit":  {"query", "limit"},
		"body:a.b":     {"body", "a.b"},
		"tenant":       {"", "tenant"},
		"x-key:header": {"", "x-key:header"},
	} {
		if l, n := SplitLocation(in); l != want[0] || n != want[1] {
			t.Errorf("SplitLocation(%q) = %q, %q, want %q", in, l, n, want)
		}
	}
}
