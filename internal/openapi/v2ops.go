package openapi

import (
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// v2Operations prepares the operations of a bundled Swagger 2.0 tree for
// kin's conversion. An operation with two body parameters, or with body
// and form parameters, is refused here with its file:line and name (the
// conversion says neither). An operation whose media types the
// description leaves unsaid (no consumes of its own or at the top) gets
// the ones Swagger tooling assumes: application/json for a body whose
// schema is an object or an array, multipart/form-data for form
// parameters with a file among them, application/x-www-form-urlencoded
// for other form parameters. The conversion would give "*/*".
func v2Operations(name string, root *yaml.Node) error {
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	global := nonEmptyList(mapValue(root, "consumes"))
	paths := mapValue(root, "paths")
	if paths == nil || paths.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(paths.Content); i += 2 {
		path, item := paths.Content[i].Value, paths.Content[i+1]
		if item.Kind != yaml.MappingNode {
			continue
		}
		shared := mapValue(item, "parameters")
		for j := 0; j+1 < len(item.Content); j += 2 {
			key, op := item.Content[j], item.Content[j+1]
			method := strings.ToUpper(key.Value)
			if !isMethod(method) || op.Kind != yaml.MappingNode {
				continue
			}
			o := &v2Op{name: name, root: root, where: method + " " + path, line: key.Line}
			params := o.params(shared, mapValue(op, "parameters"))
			if err := o.check(params); err != nil {
				return err
			}
			if !global && !nonEmptyList(mapValue(op, "consumes")) {
				o.defaultConsumes(op, params)
			}
		}
	}
	return nil
}

// v2Op is one operation of a Swagger 2.0 tree.
type v2Op struct {
	name  string
	root  *yaml.Node
	where string // "POST /pets"
	line  int
}

// params returns the operation's parameters: the path item's that it does
// not redeclare, then its own; local $refs are followed.
func (o *v2Op) params(shared, own *yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	mine := o.list(own)
	seen := map[string]bool{}
	for _, p := range mine {
		seen[paramKey(p)] = true
	}
	for _, p := range o.list(shared) {
		if !seen[paramKey(p)] {
			out = append(out, p)
		}
	}
	return append(out, mine...)
}

func (o *v2Op) list(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, p := range n.Content {
		if p = o.deref(p); p != nil && p.Kind == yaml.MappingNode {
			out = append(out, p)
		}
	}
	return out
}

// deref follows local $refs from n, a few at most.
func (o *v2Op) deref(n *yaml.Node) *yaml.Node {
	for range 8 {
		ref := mapValue(n, "$ref")
		if ref == nil || ref.Kind != yaml.ScalarNode {
			return n
		}
		if n = pointer(o.root, ref.Value); n == nil {
			return nil
		}
	}
	return n
}

func paramKey(p *yaml.Node) string {
	return scalar(mapValue(p, "in")) + "\x00" + scalar(mapValue(p, "name"))
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// check refuses what the conversion would refuse without saying where.
func (o *v2Op) check(params []*yaml.Node) error {
	var body, form []*yaml.Node
	for _, p := range params {
		switch scalar(mapValue(p, "in")) {
		case "body":
			body = append(body, p)
		case "formData":
			form = append(form, p)
		}
	}
	switch {
	case len(body) > 1:
		return o.fail("%s has %d body parameters (%s); an operation has at most one body", o.where, len(body), o.names(body))
	case len(body) == 1 && len(form) > 0:
		return o.fail("%s has a body parameter (%s) and form parameters (%s); an operation's body is one or the other", o.where, o.names(body), o.names(form))
	}
	return nil
}

// names lists parameters as `"name" (line n)`.
func (o *v2Op) names(ps []*yaml.Node) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = fmt.Sprintf("%q at line %d", scalar(mapValue(p, "name")), p.Line)
	}
	return strings.Join(parts, ", ")
}

// fail refuses the operation, placed at its method.
func (o *v2Op) fail(format string, args ...any) error {
	return &locatedError{name: o.name, line: o.line, msg: fmt.Sprintf(format, args...)}
}

// defaultConsumes gives op, which declares no media types, the ones
// Swagger tooling reads its parameters as.
func (o *v2Op) defaultConsumes(op *yaml.Node, params []*yaml.Node) {
	media := ""
	for _, p := range params {
		switch scalar(mapValue(p, "in")) {
		case "body":
			if o.structured(mapValue(p, "schema")) {
				media = "application/json"
			}
		case "formData":
			if scalar(mapValue(p, "type")) == "file" {
				media = "multipart/form-data"
			} else if media == "" {
				media = "application/x-www-form-urlencoded"
			}
		}
	}
	if media == "" {
		return
	}
	list := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{strNode(media, o.line)}}
	for i := 0; i+1 < len(op.Content); i += 2 {
		if op.Content[i].Value == "consumes" {
			op.Content[i+1] = list
			return
		}
	}
	op.Content = append(op.Content, strNode("consumes", o.line), list)
}

// structured reports whether schema (or what its $ref names) is an object
// or an array: by its type, or by object or array keywords without one.
func (o *v2Op) structured(schema *yaml.Node) bool {
	s := o.deref(schema)
	if s == nil || s.Kind != yaml.MappingNode {
		return false
	}
	if t := scalar(mapValue(s, "type")); t != "" {
		return t == "object" || t == "array"
	}
	for _, k := range []string{"properties", "additionalProperties", "items", "allOf"} {
		if mapValue(s, k) != nil {
			return true
		}
	}
	return false
}

// nonEmptyList reports whether n is a list with something in it.
func nonEmptyList(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.SequenceNode && len(n.Content) > 0
}

// v2RefsUnderAdditional rewrites the #/definitions/ $refs found anywhere
// under an additionalProperties: kin reads those schemas as OpenAPI 3 and
// converts only some of their $refs (not those under items or
// properties), so a $ref two levels down would point at nothing.
func v2RefsUnderAdditional(n *yaml.Node, under bool) {
	switch n.Kind {
	case yaml.SequenceNode:
		for _, c := range n.Content {
			v2RefsUnderAdditional(c, under)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			switch {
			case opaque[k] || strings.HasPrefix(k, "x-"):
			case k == "$ref" && under && v.Kind == yaml.ScalarNode && strings.HasPrefix(v.Value, "#/definitions/"):
				v.Value = "#/components/schemas/" + strings.TrimPrefix(v.Value, "#/definitions/")
			default:
				v2RefsUnderAdditional(v, under || k == "additionalProperties")
			}
		}
	case yaml.DocumentNode:
		for _, c := range n.Content {
			v2RefsUnderAdditional(c, under)
		}
	}
}
