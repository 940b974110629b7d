package openapi

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	yaml "go.yaml.in/yaml/v4"
)

// refSite finds the $ref whose value is ref in the tree n and names its
// place; nil when there is none.
func refSite(n *yaml.Node, ref string, ptr []string) (*yaml.Node, string) {
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for i, c := range n.Content {
			seg := ptr
			if n.Kind == yaml.SequenceNode {
				seg = append(ptr[:len(ptr):len(ptr)], strconv.Itoa(i))
			}
			if at, where := refSite(c, ref, seg); at != nil {
				return at, where
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			if k == "$ref" && v.Kind == yaml.ScalarNode && v.Value == ref {
				return v, pointerWhere("/" + strings.Join(ptr, "/"))
			}
			if opaque[k] || strings.HasPrefix(k, "x-") {
				continue
			}
			seg := pointerEscape.Replace(k)
			if at, where := refSite(v, ref, append(ptr[:len(ptr):len(ptr)], seg)); at != nil {
				return at, where
			}
		}
	}
	return nil, ""
}

// locateV2 places an error of kin's conversion of the Swagger 2.0 tree
// root: a $ref that points at nothing is named as the description writes
// it, where it is used.
func locateV2(name string, data []byte, root *yaml.Node, err error, origins map[*yaml.Node]string) error {
	msg := err.Error()
	if m := mustBeObject.FindStringSubmatch(msg); m != nil {
		top := root
		if top.Kind == yaml.DocumentNode && len(top.Content) == 1 {
			top = top.Content[0]
		}
		if at, where := findNull(top, kindAny, mustKinds[m[1]], nil); at != nil {
			if o, ok := origins[at]; ok {
				name = o
			}
			return &locatedError{name: name, line: at.Line, msg: fmt.Sprintf("%s is null; a %s must be an object", where, kindNames[mustKinds[m[1]]])}
		}
	}
	if m := refName.FindStringSubmatch(msg); m != nil {
		ref := openapi2conv.FromV3Ref(m[1])
		if at, where := refSite(root, ref, nil); at != nil {
			if o, ok := origins[at]; ok {
				name = o
			}
			text := fmt.Sprintf("$ref %q points at nothing", ref)
			if !strings.Contains(msg, "failed to resolve") {
				text = fmt.Sprintf("$ref %q: %s", ref, strings.ReplaceAll(msg, m[1], ref))
			}
			return &locatedError{name: name, line: at.Line, msg: clip(where + ": " + text)}
		}
	}
	return locate(name, data, err)
}

// v2Part is a part of a Swagger 2.0 description the parser decodes on its
// own: the Go value it decodes into, and the parts inside it.
type v2Part struct {
	new      func() any
	children map[string]v2Child
}

// v2Child is a keyword whose value holds parts: one part, a list or a
// mapping of them; label names an entry in messages.
type v2Child struct {
	part  *v2Part
	shape yaml.Kind // ScalarNode: the value itself is the part
	label string
}

var v2Schema, v2Parameter, v2Response, v2Operation, v2PathItem, v2Root v2Part

func init() {
	v2Schema = v2Part{new: func() any { return &openapi2.Schema{} }}
	v2Schema.children = map[string]v2Child{
		"properties": {&v2Schema, yaml.MappingNode, "property"}, "items": {&v2Schema, yaml.ScalarNode, "items"},
		"allOf": {&v2Schema, yaml.SequenceNode, "allOf"},
	}
	v2Parameter = v2Part{new: func() any { return &openapi2.Parameter{} }, children: map[string]v2Child{
		"schema": {&v2Schema, yaml.ScalarNode, "schema"}, "items": {&v2Schema, yaml.ScalarNode, "items"},
	}}
	v2Response = v2Part{new: func() any { return &openapi2.Response{} }, children: map[string]v2Child{
		"schema": {&v2Schema, yaml.ScalarNode, "schema"},
	}}
	v2Operation = v2Part{new: func() any { return &openapi2.Operation{} }, children: map[string]v2Child{
		"parameters": {&v2Parameter, yaml.SequenceNode, "parameter"}, "responses": {&v2Response, yaml.MappingNode, "response"},
	}}
	v2PathItem = v2Part{new: func() any { return &openapi2.PathItem{} }, children: map[string]v2Child{
		"parameters": {&v2Parameter, yaml.SequenceNode, "parameter"},
	}}
	for _, m := range MethodOrder {
		v2PathItem.children[strings.ToLower(m)] = v2Child{&v2Operation, yaml.ScalarNode, m}
	}
	v2Root = v2Part{new: func() any { return &openapi2.T{} }, children: map[string]v2Child{
		"paths": {&v2PathItem, yaml.MappingNode, "path"}, "definitions": {&v2Schema, yaml.MappingNode, "definition"},
		"parameters": {&v2Parameter, yaml.MappingNode, "parameter"}, "responses": {&v2Response, yaml.MappingNode, "response"},
	}}
}

// explainV2 places err, the parser's refusal of the Swagger 2.0 tree
// root, at the innermost part that it refuses on its own, and says what
// is wrong there in words.
func explainV2(name string, root *yaml.Node, err error, origins map[*yaml.Node]string) error {
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	n, where, perr := innermost(&v2Root, root, nil)
	if perr == nil {
		n, perr = root, err
	}
	if o, ok := origins[n]; ok {
		name = o
	}
	msg := perr.Error()
	line := n.Line
	if text, field := explainUnmarshal(msg); text != "" {
		msg = text
		if k := keyNode(n, strings.SplitN(field, ".", 2)[0]); k != nil {
			line = k.Line
		}
	}
	switch {
	case where != "" && strings.HasPrefix(msg, "must be "):
		msg = where + " " + msg
	case where != "":
		msg = where + ": " + msg
	}
	return &locatedError{name: name, line: line, msg: clip(msg)}
}

// innermost decodes n as part p and, when that fails, looks for the
// innermost part inside it that fails too; where names it.
func innermost(p *v2Part, n *yaml.Node, where []string) (*yaml.Node, string, error) {
	err := decodePart(p, n)
	if err == nil {
		return nil, "", nil
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			c, ok := p.children[n.Content[i].Value]
			v := n.Content[i+1]
			if !ok || (c.shape != yaml.ScalarNode && v.Kind != c.shape) {
				continue
			}
			for _, e := range entries(c, v) {
				at := append(where[:len(where):len(where)], e.label)
				if bad, w, err := innermost(c.part, e.node, at); err != nil {
					return bad, w, err
				}
			}
		}
	}
	return n, placeName(where), err
}

type entry struct {
	label string
	node  *yaml.Node
}

// entries lists the parts a child keyword's value v holds.
func entries(c v2Child, v *yaml.Node) []entry {
	switch c.shape {
	case yaml.SequenceNode:
		out := make([]entry, len(v.Content))
		for i, x := range v.Content {
			out[i] = entry{fmt.Sprintf("%s %d", c.label, i+1), x}
		}
		return out
	case yaml.MappingNode:
		out := make([]entry, 0, len(v.Content)/2)
		for i := 0; i+1 < len(v.Content); i += 2 {
			out = append(out, entry{c.label + " " + v.Content[i].Value, v.Content[i+1]})
		}
		return out
	}
	return []entry{{c.label, v}}
}

// placeName joins the labels of a place: an operation "GET" under a path
// reads "GET /pets".
func placeName(where []string) string {
	if len(where) >= 2 && strings.HasPrefix(where[0], "path ") && isMethod(where[1]) {
		where = append([]string{where[1] + " " + strings.TrimPrefix(where[0], "path ")}, where[2:]...)
	}
	return strings.Join(where, ", ")
}

func decodePart(p *v2Part, n *yaml.Node) error {
	var raw any
	if err := n.Decode(&raw); err != nil {
		return err
	}
	js, err := json.Marshal(raw)
	if err != nil {
		return err
	}
	return json.Unmarshal(js, p.new())
}

// keyNode returns the key node of key in mapping n, or nil.
func keyNode(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i]
		}
	}
	return nil
}
