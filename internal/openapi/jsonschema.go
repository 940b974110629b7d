package openapi

// JSONSchema renders s as a JSON Schema 2020-12 document. Named schemas go
// to $defs and are referenced, so recursive descriptions stay finite.
func JSONSchema(s *Schema) map[string]any {
	w := &jsWriter{defs: map[string]any{}, names: map[*Schema]string{}, taken: map[string]bool{}}
	root := w.schema(s)
	doc, ok := root.(map[string]any)
	if !ok {
		doc = map[string]any{"allOf": []any{root}}
	}
	doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	if len(w.defs) > 0 {
		doc["$defs"] = w.defs
	}
	return doc
}

type jsWriter struct {
	defs  map[string]any
	names map[*Schema]string
	taken map[string]bool
	stack map[*Schema]bool
}

func (w *jsWriter) schema(s *Schema) any {
	if s == nil {
		return true
	}
	if s.Ref != "" || w.stack[s] {
		name, ok := w.names[s]
		if !ok {
			name = w.name(s)
			w.names[s] = name
			w.defs[name] = true // placeholder breaks cycles
			w.defs[name] = w.body(s)
		}
		return map[string]any{"$ref": "#/$defs/" + name}
	}
	return w.body(s)
}

func (w *jsWriter) name(s *Schema) string {
	base := s.Ref
	if base == "" {
		base = "schema"
	}
	name := base
	for i := 2; w.taken[name]; i++ {
		name = base + "_" + itoa3(i)
	}
	w.taken[name] = true
	return name
}

func (w *jsWriter) body(s *Schema) map[string]any {
	if w.stack == nil {
		w.stack = map[*Schema]bool{}
	}
	w.stack[s] = true
	defer delete(w.stack, s)
	out := map[string]any{}
	if len(s.Types) == 1 {
		out["type"] = s.Types[0]
	} else if len(s.Types) > 1 {
		out["type"] = s.Types
	}
	if len(s.Enum) > 0 {
		enum := s.Enum
		if s.Nullable() && !containsNil(enum) {
			enum = append(append([]any{}, enum...), nil)
		}
		out["enum"] = enum
	}
	if s.HasConst {
		out["const"] = s.Const
	}
	setNum(out, "minimum", s.Minimum)
	setNum(out, "maximum", s.Maximum)
	setNum(out, "exclusiveMinimum", s.ExclusiveMinimum)
	setNum(out, "exclusiveMaximum", s.ExclusiveMaximum)
	setNum(out, "multipleOf", s.MultipleOf)
	if s.MinLength > 0 {
		out["minLength"] = s.MinLength
	}
	if s.MaxLength != nil {
		out["maxLength"] = *s.MaxLength
	}
	if s.Pattern != "" {
		out["pattern"] = s.Pattern
	}
	if s.MinItems > 0 {
		out["minItems"] = s.MinItems
	}
	if s.MaxItems != nil {
		out["maxItems"] = *s.MaxItems
	}
	if s.UniqueItems {
		out["uniqueItems"] = true
	}
	if len(s.Properties) > 0 {
		props := map[string]any{}
		for name, p := range s.Properties {
			props[name] = w.schema(p)
		}
		out["properties"] = props
	}
	if len(s.Required) > 0 {
		out["required"] = s.Required
	}
	if s.NoAdditional {
		out["additionalProperties"] = false
	} else if s.AdditionalProperties != nil {
		out["additionalProperties"] = w.schema(s.AdditionalProperties)
	}
	if s.Items != nil {
		out["items"] = w.schema(s.Items)
	}
	w.list(out, "allOf", s.AllOf)
	w.list(out, "anyOf", s.AnyOf)
	w.list(out, "oneOf", s.OneOf)
	if s.Not != nil {
		out["not"] = w.schema(s.Not)
	}
	return out
}

func (w *jsWriter) list(out map[string]any, key string, ss []*Schema) {
	if len(ss) == 0 {
		return
	}
	l := make([]any, len(ss))
	for i, s := range ss {
		l[i] = w.schema(s)
	}
	out[key] = l
}

func setNum(out map[string]any, key string, v *float64) {
	if v != nil {
		out[key] = *v
	}
}

func containsNil(vs []any) bool {
	for _, v := range vs {
		if v == nil {
			return true
		}
	}
	return false
}

func itoa3(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa3(i/10) + string(rune('0'+i%10))
}
