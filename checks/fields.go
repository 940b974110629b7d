package checks

import (
	"encoding/json"
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
)

// maxFieldDepth bounds how deep probes reach into nested bodies.
const maxFieldDepth = 3

// field is one property reachable in a JSON body.
type field struct {
	path     []string          // "address", "zip"; "[0]" for an array item
	schema   *openapi.Schema   // the property's schema
	chain    []*openapi.Schema // schema of each step, for creating missing parents
	required bool              // required by its parent object
}

// name is the field's dotted path, as probe IDs and messages show it.
func (f field) name() string {
	var b strings.Builder
	for i, p := range f.path {
		if i > 0 && !strings.HasPrefix(p, "[") {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

// bodyFields lists the properties of a body schema, depth first in sorted
// order, through nested objects and array items, to maxFieldDepth. For a
// body that is an array, the fields are its first item and that item's
// properties ("[0]", "[0].name").
func bodyFields(s *openapi.Schema) []field {
	var out []field
	var walk func(s *openapi.Schema, path []string, chain []*openapi.Schema, depth int, seen map[*openapi.Schema]bool)
	walk = func(s *openapi.Schema, path []string, chain []*openapi.Schema, depth int, seen map[*openapi.Schema]bool) {
		s = s.Merged()
		if s == nil || depth > maxFieldDepth || seen[s] {
			return
		}
		seen[s] = true
		defer delete(seen, s)
		for _, name := range s.PropertyNames() {
			p := s.Properties[name]
			if p.ReadOnly {
				continue
			}
			fp := append(append([]string{}, path...), name)
			fc := append(append([]*openapi.Schema{}, chain...), p)
			out = append(out, field{path: fp, schema: p, chain: fc, required: s.IsRequired(name)})
			switch mp := p.Merged(); mp.Type() {
			case "object":
				walk(mp, fp, fc, depth+1, seen)
			case "array":
				if mp.Items != nil && mp.Items.Merged().Type() == "object" {
					// The item itself, as a top-level array's: [null] or a
					// string where an object must be reaches code that
					// indexes the list ("matchers":[null]).
					ip := append(append([]string{}, fp...), "[0]")
					ic := append(append([]*openapi.Schema{}, fc...), mp.Items)
					out = append(out, field{path: ip, schema: mp.Items, chain: ic, required: true})
					walk(mp.Items, ip, ic, depth+1, seen)
				}
			}
		}
	}
	seen := map[*openapi.Schema]bool{}
	if root := s.Merged(); root != nil && root.Type() == "array" && root.Items != nil {
		// A top-level array: its first item is the field, and an object
		// item's properties are walked as a root object's would be.
		item := []*openapi.Schema{root.Items}
		out = append(out, field{path: []string{"[0]"}, schema: root.Items, chain: item, required: true})
		if root.Items.Merged().Type() == "object" {
			walk(root.Items, []string{"[0]"}, item, 1, seen)
		}
		return out
	}
	walk(s, nil, nil, 1, seen)
	return out
}

// isItem reports whether the field is an array item rather than a property.
func (f field) isItem() bool { return strings.HasPrefix(f.path[len(f.path)-1], "[") }

// objectsOf lists the object schemas in a body (the root included) with
// their paths, for probes about the object itself (unknown properties).
func objectsOf(s *openapi.Schema) []field {
	out := []field{{schema: s.Merged()}}
	for _, f := range bodyFields(s) {
		if f.schema.Merged().Type() == "object" {
			out = append(out, f)
		}
	}
	return out
}

// deepCopy copies a decoded JSON value.
func deepCopy(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if json.Unmarshal(b, &out) != nil {
		return v
	}
	return out
}

// setAt returns a copy of root with the value at f's path set to v (or
// removed when remove is set). Missing parents are created from their
// schema's sample so the rest of the body stays valid.
func setAt(root any, f field, v any, remove bool) any {
	root = deepCopy(root)
	cur := root
	for i, step := range f.path {
		last := i == len(f.path)-1
		if strings.HasPrefix(step, "[") {
			arr, ok := cur.([]any)
			if !ok || len(arr) == 0 {
				return root
			}
			if last {
				arr[0] = v
				return root
			}
			cur = arr[0]
			continue
		}
		obj, ok := cur.(map[string]any)
		if !ok {
			return root
		}
		if last {
			if remove {
				delete(obj, step)
			} else {
				obj[step] = v
			}
			return root
		}
		next, ok := obj[step]
		if !ok || next == nil {
			next = deepCopy(Sample(f.chain[i]))
			obj[step] = next
		}
		if _, isArr := next.([]any); isArr && i+1 < len(f.path) && strings.HasPrefix(f.path[i+1], "[") {
			if len(next.([]any)) == 0 {
				next = []any{deepCopy(Sample(f.chain[i+1]))}
				obj[step] = next
			}
		}
		cur = next
	}
	return root
}
