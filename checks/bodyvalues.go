package checks

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
)

// InBody is the location of a user's value for a body field: its Name is
// the field's dotted path as probe IDs show it ("name", "owner.login",
// "tags[0]", "[0].id" for the first item of an array body).
const InBody = "body"

// Locations are the places a user's value can go, as --param and values:
// prefix a name with them ("query:limit", "body:name").
var Locations = []string{"path", "query", "header", "cookie", InBody}

// SplitLocation splits "IN:NAME" into its location and name; a name with
// no known location prefix is returned whole, with in empty.
func SplitLocation(s string) (in, name string) {
	if loc, rest, ok := strings.Cut(s, ":"); ok {
		for _, l := range Locations {
			if loc == l {
				return l, rest
			}
		}
	}
	return "", s
}

// sampleBody is the operation's sample body with the user's body values
// applied: the value every body probe starts from.
func (g *Gen) sampleBody(op *openapi.Operation) any {
	return g.withBodyValues(op, SampleBody(op.Body))
}

// withBodyValues returns body with the user's values for op's body
// fields set (or, for a value that leaves its field out, removed). A
// value given for op wins over one for every operation, a later one over
// an earlier one. Values are typed by the field's schema: "10" is a
// number for an integer field and a string for a string one.
func (g *Gen) withBodyValues(op *openapi.Operation, body any) any {
	var mine []ParamValue
	for _, pv := range g.Values {
		if pv.In == InBody && pv.For(op) {
			mine = append(mine, pv)
		}
	}
	if len(mine) == 0 || op.Body == nil {
		return body
	}
	// Every-operation values first, so an operation's own value is set last.
	ordered := make([]ParamValue, 0, len(mine))
	for _, own := range []bool{false, true} {
		for _, pv := range mine {
			if (pv.Operation != "") == own {
				ordered = append(ordered, pv)
			}
		}
	}
	if body == nil {
		body = map[string]any{}
	}
	for _, pv := range ordered {
		f, ok := bodyField(op.Body.Schema, pv.Name)
		if !ok {
			continue
		}
		if pv.Omit {
			body = setAt(body, f, nil, true)
			continue
		}
		body = setAt(body, f, typedValue(f.schema, pv.Value), false)
	}
	return body
}

// bodyField finds the field a user's value names in a body schema. A
// top-level name the schema does not declare is still a field of an
// object body: schemas often leave their properties open.
func bodyField(s *openapi.Schema, name string) (field, bool) {
	for _, f := range bodyFields(s) {
		if f.name() == name {
			return f, true
		}
	}
	if m := s.Merged(); (m == nil || m.Type() == "" || m.Type() == "object") && name != "" && !strings.ContainsAny(name, ".[]") {
		return field{path: []string{name}, chain: []*openapi.Schema{nil}}, true
	}
	return field{}, false
}

// HasBodyField reports whether op's body has the field a user's value names.
func HasBodyField(op *openapi.Operation, name string) bool {
	if op.Body == nil {
		return false
	}
	f, ok := bodyField(op.Body.Schema, name)
	return ok && f.schema != nil
}

// typedValue reads a user's value as the field's schema types it.
func typedValue(s *openapi.Schema, v string) any {
	t := ""
	if m := s.Merged(); m != nil {
		t = m.Type()
	}
	switch t {
	case "string":
		return v
	case "integer":
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	case "number":
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			return n
		}
	case "boolean":
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	// An object, an array, an untyped field or a value that does not read
	// as its type: JSON when it is JSON, else the string as given.
	var x any
	if t != "string" && json.Unmarshal([]byte(v), &x) == nil {
		return x
	}
	return v
}

// Input is a required input of an operation, as errprobe init lists it
// for values: stubs: where it goes, its name ("body:" fields by dotted
// path) and the value errprobe sends for it unless told otherwise.
type Input struct {
	In, Name, Sample string
	// Described is set when the sample comes from the description (an
	// example, a default, an enum), not from the schema's type alone.
	Described bool
}

// RequiredInputs lists op's required parameters, then its required body
// fields (those whose every parent is required too), in the order the
// description gives the parameters and depth first for the fields.
func RequiredInputs(op *openapi.Operation) []Input {
	var out []Input
	for _, p := range op.Parameters {
		if !p.Required {
			continue
		}
		described := p.Example != nil || described(p.Schema)
		out = append(out, Input{In: p.In, Name: p.Name, Sample: ParamString(SampleParam(p)), Described: described})
	}
	if op.Body == nil || op.Body.Schema == nil {
		return out
	}
	for _, f := range bodyFields(op.Body.Schema) {
		if !f.required || f.isItem() || !allRequired(op.Body.Schema, f) {
			continue
		}
		if t := f.schema.Merged().Type(); t == "object" || t == "array" {
			continue // its own fields are listed
		}
		out = append(out, Input{In: InBody, Name: f.name(), Sample: string(mustJSON(Sample(f.schema))), Described: described(f.schema)})
	}
	return out
}

// described reports whether s gives a value of its own to send.
func described(s *openapi.Schema) bool {
	m := s.Merged()
	return m != nil && (m.HasExample || m.HasDefault || len(m.Enum) > 0 || m.HasConst)
}

// allRequired reports whether every parent of f is itself required.
func allRequired(root *openapi.Schema, f field) bool {
	for i := 1; i < len(f.path); i++ {
		parent, ok := bodyField(root, field{path: f.path[:i]}.name())
		if !ok || !parent.required {
			return false
		}
	}
	return true
}

// leftOut returns the property of f's path (f itself or a parent) that a
// value for op leaves out of the valid request (null in values:, or
// errprobe's repair of a rejected valid request), or "".
func (g *Gen) leftOut(op *openapi.Operation, f field) string {
	for _, pv := range g.Values {
		if !pv.Omit || pv.In != InBody || !pv.For(op) {
			continue
		}
		name := f.name()
		if name == pv.Name || strings.HasPrefix(name, pv.Name+".") || strings.HasPrefix(name, pv.Name+"[") {
			return pv.Name
		}
	}
	return ""
}
