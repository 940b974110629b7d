package checks

import (
	"reflect"
	"regexp"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

func f(v float64) *float64 { return &v }
func u(v uint64) *uint64   { return &v }

func TestViolations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		schema *openapi.Schema
		want   map[string]any
	}{
		{"enum", &openapi.Schema{Types: []string{"string"}, Enum: []any{"a", "b"}}, map[string]any{"enum": "errprobe-not-in-enum"}},
		{"integer bounds", &openapi.Schema{Types: []string{"integer"}, Minimum: f(1), Maximum: f(10)}, map[string]any{"minimum": int64(0), "maximum": int64(11)}},
		{"exclusive", &openapi.Schema{Types: []string{"number"}, ExclusiveMinimum: f(0)}, map[string]any{"exclusiveMinimum": 0.0}},
		{"lengths", &openapi.Schema{Types: []string{"string"}, MinLength: 3, MaxLength: u(4)}, map[string]any{"minLength": "xx", "maxLength": "xxxxx"}},
		{"pattern", &openapi.Schema{Types: []string{"string"}, Pattern: "^[a-z]+$"}, map[string]any{"pattern": "!!errprobe!!"}},
		{"ecma-only pattern skipped", &openapi.Schema{Types: []string{"string"}, Pattern: `^(?!x)`}, map[string]any{}},
		{"unconstrained", &openapi.Schema{Types: []string{"string"}}, map[string]any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := map[string]any{}
			for _, v := range violations(tt.schema) {
				got[v.id] = v.value
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("violations = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestSampleSatisfiesConstraints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		schema *openapi.Schema
		check  func(any) bool
	}{
		{"min length", &openapi.Schema{Types: []string{"string"}, MinLength: 12}, func(v any) bool { return len(v.(string)) >= 12 }},
		{"max length", &openapi.Schema{Types: []string{"string"}, MaxLength: u(3)}, func(v any) bool { return len(v.(string)) <= 3 }},
		{"email", &openapi.Schema{Types: []string{"string"}, Format: "email"}, func(v any) bool { return regexp.MustCompile(`^[^@]+@[^@]+$`).MatchString(v.(string)) }},
		{"integer minimum", &openapi.Schema{Types: []string{"integer"}, Minimum: f(5)}, func(v any) bool { return v.(int64) >= 5 }},
		{"exclusive maximum", &openapi.Schema{Types: []string{"number"}, ExclusiveMaximum: f(0)}, func(v any) bool { return v.(float64) < 0 }},
		{"enum", &openapi.Schema{Enum: []any{"x"}}, func(v any) bool { return v == "x" }},
		{"example wins", &openapi.Schema{Types: []string{"integer"}, Example: 42, HasExample: true}, func(v any) bool { return v == 42 }},
		{"object required only", &openapi.Schema{Types: []string{"object"}, Required: []string{"a"}, Properties: map[string]*openapi.Schema{
			"a": {Types: []string{"string"}}, "b": {Types: []string{"string"}}}}, func(v any) bool {
			m := v.(map[string]any)
			_, hasB := m["b"]
			return m["a"] == "errprobe" && !hasB
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if v := Sample(tt.schema); !tt.check(v) {
				t.Errorf("Sample = %#v", v)
			}
		})
	}
}

func TestSampleRecursiveTerminates(t *testing.T) {
	t.Parallel()
	node := &openapi.Schema{Types: []string{"object"}, Required: []string{"child"}}
	node.Properties = map[string]*openapi.Schema{"child": node}
	if Sample(node) == nil {
		t.Fatal("no sample")
	}
}

func TestExpect(t *testing.T) {
	t.Parallel()
	op := func(statuses ...string) *openapi.Operation {
		o := &openapi.Operation{Method: "POST", Path: "/x"}
		for _, s := range statuses {
			o.Responses = append(o.Responses, &openapi.Response{Status: s})
		}
		return o
	}
	tests := []struct {
		name string
		op   *openapi.Operation
		c    class
		want []int
	}{
		{"defaults", op("200"), classValidation, []int{400, 422}},
		{"documented wins", op("200", "400"), classValidation, []int{400}},
		{"documented 404 is not a validation answer", op("400", "404", "401"), classValidation, []int{400}},
		{"only auth documented", op("401", "403"), classValidation, []int{400, 422}},
		{"content type keeps 415", op("400"), classContentType, []int{400, 415}},
		{"path param keeps 404", op("400"), classPathParam, []int{400, 404}},
		{"auth", op("400", "403"), classUnauth, []int{401}},
		{"forbidden", op(), classForbidden, []int{403}},
		{"broken JSON keeps 400 beside a documented 422", op("201", "422"), classSyntax, []int{400, 422}},
		{"broken JSON, defaults", op("201"), classSyntax, []int{400, 422}},
		{"a field breaks the documented 422 alone", op("201", "422"), classValidation, []int{422}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := expect(tt.op, tt.c).Statuses; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("expect = %v, want %v", got, tt.want)
			}
		})
	}
}
