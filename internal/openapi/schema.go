package openapi

import "sort"

// Schema is the subset of JSON Schema errprobe generates values from and
// validates against. Schemas form a graph: a recursive description yields
// cycles, so walkers must bound their depth.
type Schema struct {
	// Ref is the component name when the schema came from a $ref.
	Ref    string
	Types  []string // "object", "array", "string", "integer", "number", "boolean", "null"
	Format string
	Enum   []any
	Const  any
	// HasConst distinguishes `const: null` from no const.
	HasConst bool

	Minimum, Maximum                   *float64
	ExclusiveMinimum, ExclusiveMaximum *float64 // JSON Schema 2020-12 meaning: the bound itself
	MultipleOf                         *float64
	MinLength                          uint64
	MaxLength                          *uint64
	Pattern                            string
	MinItems                           uint64
	MaxItems                           *uint64
	UniqueItems                        bool

	Properties map[string]*Schema
	Required   []string
	// AdditionalProperties is nil when unconstrained; NoAdditional is true
	// when the description says additionalProperties: false.
	AdditionalProperties *Schema
	NoAdditional         bool
	Items                *Schema

	AllOf, AnyOf, OneOf []*Schema
	Not                 *Schema

	ReadOnly, WriteOnly bool
	Example             any
	HasExample          bool
	Default             any
	HasDefault          bool
}

// PropertyNames returns the property names in sorted order, for determinism.
func (s *Schema) PropertyNames() []string {
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Type returns the schema's single non-null type, or "" when it has none or
// several. Object and array are inferred from properties and items.
func (s *Schema) Type() string {
	var t string
	for _, x := range s.Types {
		if x == "null" {
			continue
		}
		if t != "" {
			return ""
		}
		t = x
	}
	if t == "" {
		switch {
		case len(s.Properties) > 0:
			return "object"
		case s.Items != nil:
			return "array"
		}
	}
	return t
}

// Nullable reports whether null is an allowed value.
func (s *Schema) Nullable() bool {
	for _, t := range s.Types {
		if t == "null" {
			return true
		}
	}
	return false
}

// IsRequired reports whether name is a required property.
func (s *Schema) IsRequired(name string) bool {
	for _, r := range s.Required {
		if r == name {
			return true
		}
	}
	return false
}

// Merged returns the schema with the properties and required lists of its
// allOf members folded in, which is how probes see composed bodies.
func (s *Schema) Merged() *Schema { return s.merged(0) }

func (s *Schema) merged(depth int) *Schema {
	if s == nil || len(s.AllOf) == 0 || depth > 8 {
		return s
	}
	m := *s
	m.Properties = map[string]*Schema{}
	for k, v := range s.Properties {
		m.Properties[k] = v
	}
	m.Required = append([]string(nil), s.Required...)
	for _, sub := range s.AllOf {
		sub = sub.merged(depth + 1)
		if sub == nil || sub == s {
			continue
		}
		if len(m.Types) == 0 {
			m.Types = sub.Types
		}
		for k, v := range sub.Properties {
			if _, ok := m.Properties[k]; !ok {
				m.Properties[k] = v
			}
		}
		for _, r := range sub.Required {
			if !m.IsRequired(r) {
				m.Required = append(m.Required, r)
			}
		}
	}
	m.AllOf = nil
	return &m
}
