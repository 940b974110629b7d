package openapi

import (
	"encoding/json"
	"errors"
	"strconv"

	yaml "go.yaml.in/yaml/v4"
)

// jsonNode builds the YAML node tree of a valid JSON document, the tree
// kin-openapi would get from its YAML parser: mappings and sequences,
// strings as double-quoted !!str scalars, numbers, booleans and null as
// plain scalars tagged the way the YAML resolver tags them. It is about
// ten times faster than parsing JSON as YAML. Nodes carry no lines, so it
// is only for documents loaded without origins. data must be valid JSON
// (json.Valid); strings share the memory of one copy of data.
func jsonNode(data []byte) (*yaml.Node, error) {
	b := &nodeBuilder{data: data, src: string(data)}
	b.skipSpace()
	v, err := b.value(0)
	if err != nil {
		return nil, err
	}
	doc := b.node()
	doc.Kind, doc.Content = yaml.DocumentNode, []*yaml.Node{v}
	return doc, nil
}

// maxNodeDepth bounds nesting (encoding/json allows 10,000 levels).
const maxNodeDepth = 10000

var errNodeSyntax = errors.New("json: unexpected input")

// nodeBuilder allocates nodes and child lists in slabs: a large description
// has millions of nodes.
type nodeBuilder struct {
	data  []byte
	src   string // data as a string: unescaped strings are slices of it
	pos   int
	nodes []yaml.Node
	ptrs  []*yaml.Node
	stack []*yaml.Node
}

func (b *nodeBuilder) node() *yaml.Node {
	if len(b.nodes) == 0 {
		b.nodes = make([]yaml.Node, 4096)
	}
	n := &b.nodes[0]
	b.nodes = b.nodes[1:]
	return n
}

// children moves the top n entries of the stack into an exact-size list.
func (b *nodeBuilder) children(from int) []*yaml.Node {
	n := len(b.stack) - from
	if n > len(b.ptrs) {
		b.ptrs = make([]*yaml.Node, max(n, 8192))
	}
	out := b.ptrs[:n:n]
	b.ptrs = b.ptrs[n:]
	copy(out, b.stack[from:])
	clear(b.stack[from:])
	b.stack = b.stack[:from]
	return out
}

func (b *nodeBuilder) skipSpace() {
	for b.pos < len(b.data) {
		switch b.data[b.pos] {
		case ' ', '\t', '\r', '\n':
			b.pos++
		default:
			return
		}
	}
}

func (b *nodeBuilder) value(depth int) (*yaml.Node, error) {
	if b.pos >= len(b.data) || depth > maxNodeDepth {
		return nil, errNodeSyntax
	}
	switch c := b.data[b.pos]; {
	case c == '{':
		return b.container(depth, '}', yaml.MappingNode, "!!map")
	case c == '[':
		return b.container(depth, ']', yaml.SequenceNode, "!!seq")
	case c == '"':
		s, err := b.str()
		if err != nil {
			return nil, err
		}
		n := b.node()
		n.Kind, n.Style, n.Tag, n.Value = yaml.ScalarNode, yaml.DoubleQuotedStyle, "!!str", s
		return n, nil
	default:
		return b.scalar()
	}
}

// container reads an object (pairs of key and value nodes) or an array.
func (b *nodeBuilder) container(depth int, end byte, kind yaml.Kind, tag string) (*yaml.Node, error) {
	b.pos++ // { or [
	from := len(b.stack)
	b.skipSpace()
	if b.pos < len(b.data) && b.data[b.pos] == end {
		b.pos++
	} else {
		for {
			if kind == yaml.MappingNode {
				k, err := b.value(depth + 1) // valid JSON: a string
				if err != nil {
					return nil, err
				}
				b.stack = append(b.stack, k)
				b.skipSpace()
				b.pos++ // :
				b.skipSpace()
			}
			v, err := b.value(depth + 1)
			if err != nil {
				return nil, err
			}
			b.stack = append(b.stack, v)
			b.skipSpace()
			if b.pos >= len(b.data) {
				return nil, errNodeSyntax
			}
			c := b.data[b.pos]
			b.pos++
			b.skipSpace()
			if c == end {
				break
			}
		}
	}
	n := b.node()
	n.Kind, n.Style, n.Tag, n.Content = kind, yaml.FlowStyle, tag, b.children(from)
	return n, nil
}

// str reads a string; one without escapes is a slice of src.
func (b *nodeBuilder) str() (string, error) {
	start := b.pos
	b.pos++
	escaped := false
	for b.pos < len(b.data) {
		switch b.data[b.pos] {
		case '\\':
			escaped = true
			b.pos += 2
			continue
		case '"':
			b.pos++
			if !escaped {
				return b.src[start+1 : b.pos-1], nil
			}
			var s string
			err := json.Unmarshal(b.data[start:b.pos], &s)
			return s, err
		}
		b.pos++
	}
	return "", errNodeSyntax
}

// scalar reads a number, true, false or null and tags it as the YAML
// resolver would: integers that fit 64 bits !!int, other numbers !!float.
func (b *nodeBuilder) scalar() (*yaml.Node, error) {
	start := b.pos
	for b.pos < len(b.data) {
		c := b.data[b.pos]
		if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			break
		}
		b.pos++
	}
	v := b.src[start:b.pos]
	n := b.node()
	n.Kind, n.Value = yaml.ScalarNode, v
	switch v {
	case "true", "false":
		n.Tag = "!!bool"
	case "null":
		n.Tag = "!!null"
	case "":
		return nil, errNodeSyntax
	default:
		n.Tag = numberTag(v)
	}
	return n, nil
}

func numberTag(v string) string {
	if v == "-0" {
		return "!!float" // YAML keeps the sign of a negative zero
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c == '.' || c == 'e' || c == 'E' {
			return "!!float"
		}
	}
	if _, err := strconv.ParseInt(v, 10, 64); err == nil {
		return "!!int"
	}
	if _, err := strconv.ParseUint(v, 10, 64); err == nil {
		return "!!int"
	}
	return "!!float"
}
