package openapi

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// schema converts a schema reference, reusing the result for a schema seen
// before so cycles terminate.
func (c *converter) schema(ref *openapi3.SchemaRef) *Schema {
	if ref == nil || ref.Value == nil {
		return nil
	}
	v := ref.Value
	if s, ok := c.schemas[v]; ok {
		return s
	}
	s := &Schema{}
	c.schemas[v] = s
	if ref.Ref != "" {
		s.Ref = ref.Ref[strings.LastIndexByte(ref.Ref, '/')+1:]
	}
	if v.Type != nil {
		s.Types = append(s.Types, v.Type.Slice()...)
	}
	if v.Nullable && len(s.Types) > 0 && !s.Nullable() {
		s.Types = append(s.Types, "null")
	}
	s.Format, s.Enum, s.Pattern = v.Format, v.Enum, v.Pattern
	s.Const, s.HasConst = v.Const, v.Const != nil
	s.Minimum, s.Maximum, s.MultipleOf = v.Min, v.Max, v.MultipleOf
	s.ExclusiveMinimum = exclusive(v.ExclusiveMin, v.Min)
	s.ExclusiveMaximum = exclusive(v.ExclusiveMax, v.Max)
	if s.ExclusiveMinimum != nil && v.ExclusiveMin.Bool != nil {
		s.Minimum = nil
	}
	if s.ExclusiveMaximum != nil && v.ExclusiveMax.Bool != nil {
		s.Maximum = nil
	}
	s.MinLength, s.MaxLength = v.MinLength, v.MaxLength
	s.MinItems, s.MaxItems, s.UniqueItems = v.MinItems, v.MaxItems, v.UniqueItems
	s.Required = v.Required
	s.ReadOnly, s.WriteOnly = v.ReadOnly, v.WriteOnly
	s.Example, s.HasExample = v.Example, v.Example != nil
	if !s.HasExample && len(v.Examples) > 0 {
		s.Example, s.HasExample = v.Examples[0], true
	}
	s.Default, s.HasDefault = v.Default, v.Default != nil
	if len(v.Properties) > 0 {
		s.Properties = make(map[string]*Schema, len(v.Properties))
		for name, p := range v.Properties {
			if ps := c.schema(p); ps != nil {
				s.Properties[name] = ps
			}
		}
	}
	if ap := v.AdditionalProperties; ap.Has != nil && !*ap.Has {
		s.NoAdditional = true
	} else if ap.Schema != nil {
		s.AdditionalProperties = c.schema(ap.Schema)
	}
	s.Items = c.schema(v.Items)
	s.AllOf = c.schemaList(v.AllOf)
	s.AnyOf = c.schemaList(v.AnyOf)
	s.OneOf = c.schemaList(v.OneOf)
	s.Not = c.schema(v.Not)
	return s
}

func (c *converter) schemaList(refs openapi3.SchemaRefs) []*Schema {
	var out []*Schema
	for _, r := range refs {
		if s := c.schema(r); s != nil {
			out = append(out, s)
		}
	}
	return out
}

// exclusive normalises both dialects to the 2020-12 meaning: 3.0's boolean
// modifies minimum/maximum, 3.1's number is the bound itself.
func exclusive(b openapi3.ExclusiveBound, bound *float64) *float64 {
	if b.Value != nil {
		return b.Value
	}
	if b.Bool != nil && *b.Bool && bound != nil {
		return bound
	}
	return nil
}
