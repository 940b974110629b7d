package openapi

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// repair mends, in place, the mistakes real descriptions make that
// errprobe can read past: a list of schemas or a type name as items, a
// number or boolean written as a string, a description that is not text, a
// $ref to the wrong kind of component, and keys that are not strings. Each
// mend that reinterprets the author's words is returned as a warning with
// the file and line. changed reports whether the tree was touched at all.
//
// It knows just enough of the OpenAPI and Swagger 2.0 structure to tell
// keywords from names (of properties, paths, schemas, ...), and never looks
// into examples, defaults, enums or extensions.
func repair(name string, root *yaml.Node, v2 bool, origins map[*yaml.Node]string) (warnings []string, changed bool) {
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	r := &repairer{name: name, root: root, v2: v2, hoisted: map[string]string{}, origins: origins}
	r.walk(root, kindAny)
	if v2 {
		r.hoist()
	}
	return r.warnings, r.changed
}

// kind is what a node is expected to be.
type kind int

const (
	kindAny kind = iota
	kindSchema
	kindParam
	kindResponse
	kindRequestBody
	kindHeader
	// names: a mapping whose keys are names and whose values are of the kind
	// namesOf gives.
	namesAny
	namesSchema
	namesParam
	namesResponse
	namesRequestBody
	namesHeader
	namesNames
)

// namesOf is the kind of the values of a mapping of names.
var namesOf = map[kind]kind{
	namesAny: kindAny, namesSchema: kindSchema, namesParam: kindParam, namesResponse: kindResponse,
	namesRequestBody: kindRequestBody, namesHeader: kindHeader, namesNames: namesAny,
}

// childKind maps a keyword to the kind of its value; "parameters" depends
// on whether its value is a list.
var childKind = map[string]kind{
	"schema": kindSchema, "items": kindSchema, "additionalProperties": kindSchema, "not": kindSchema,
	"additionalItems": kindSchema, "contains": kindSchema, "propertyNames": kindSchema, "if": kindSchema,
	"then": kindSchema, "else": kindSchema, "unevaluatedItems": kindSchema, "unevaluatedProperties": kindSchema,
	"allOf": kindSchema, "anyOf": kindSchema, "oneOf": kindSchema, "prefixItems": kindSchema,
	"requestBody": kindRequestBody,
	"properties":  namesSchema, "patternProperties": namesSchema, "definitions": namesSchema, "$defs": namesSchema,
	"schemas": namesSchema, "dependentSchemas": namesSchema,
	"responses": namesResponse, "headers": namesHeader, "requestBodies": namesRequestBody,
	"paths": namesAny, "content": namesAny, "securitySchemes": namesAny, "securityDefinitions": namesAny,
	"links": namesAny, "variables": namesAny, "mapping": namesAny, "scopes": namesAny, "encoding": namesAny,
	"webhooks": namesAny, "pathItems": namesAny, "dependentRequired": namesAny, "dependencies": namesAny,
	"callbacks": namesNames,
}

// opaque keywords hold values, not description structure.
var opaque = map[string]bool{"example": true, "examples": true, "default": true, "enum": true, "const": true, "security": true, "value": true}

// Keywords whose value is a number, a count (a non-negative integer), a
// boolean, or text.
var (
	numberWords = map[string]bool{"maximum": true, "minimum": true, "multipleOf": true}
	countWords  = map[string]bool{"maxLength": true, "minLength": true, "maxItems": true, "minItems": true, "maxProperties": true, "minProperties": true}
	boolWords   = map[string]bool{"nullable": true, "readOnly": true, "writeOnly": true, "uniqueItems": true, "deprecated": true, "allowEmptyValue": true, "explode": true, "allowReserved": true, "required": true}
	textWords   = map[string]bool{"description": true, "summary": true, "title": true}
	typeNames   = map[string]bool{"string": true, "number": true, "integer": true, "boolean": true, "array": true, "object": true}
)

type repairer struct {
	name     string
	root     *yaml.Node
	v2       bool
	warnings []string
	changed  bool
	// refs to schemas outside definitions (Swagger 2.0), and the
	// definitions they were given.
	stray   []*yaml.Node
	hoisted map[string]string
	// origins names the file of nodes copied from other files (bundle).
	origins map[*yaml.Node]string
}

func (r *repairer) warn(n *yaml.Node, format string, args ...any) {
	r.changed = true
	name := r.name
	if o, ok := r.origins[n]; ok {
		name = o
	}
	r.warnings = append(r.warnings, fmt.Sprintf("%s:%d: ", name, n.Line)+fmt.Sprintf(format, args...))
}

func (r *repairer) walk(n *yaml.Node, k kind) {
	switch n.Kind {
	case yaml.SequenceNode:
		kept := n.Content[:0]
		for _, c := range n.Content {
			if r.walk1(c, k) {
				kept = append(kept, c)
			}
		}
		clear(n.Content[len(kept):])
		n.Content = kept
	case yaml.MappingNode:
		r.walk1(n, k)
	}
}

// walk1 mends mapping n; it reports false when n is to be dropped from
// the list holding it.
func (r *repairer) walk1(n *yaml.Node, k kind) bool {
	if n.Kind == yaml.SequenceNode {
		r.walk(n, k)
		return true
	}
	if n.Kind != yaml.MappingNode {
		return true
	}
	if ref := mapValue(n, "$ref"); ref != nil && ref.Kind == yaml.ScalarNode {
		return r.ref(n, ref, k)
	}
	elem, names := namesOf[k]
	kept := n.Content[:0]
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, v := n.Content[i], n.Content[i+1]
		if key.Kind == yaml.ScalarNode && key.Tag != "!!str" {
			// YAML reads `200:` as a number; every key in a description is text.
			key.Tag, key.Style, r.changed = "!!str", 0, true
		}
		if names {
			r.walk(v, elem)
			kept = append(kept, key, v)
			continue
		}
		if r.keyword(key.Value, v, k) {
			kept = append(kept, key, v)
		}
	}
	clear(n.Content[len(kept):])
	n.Content = kept
	return true
}

// keyword mends the value v of keyword word in an object of kind k;
// false drops the pair.
func (r *repairer) keyword(word string, v *yaml.Node, k kind) bool {
	switch {
	case word == "examples" && k == kindSchema && v.Kind != yaml.SequenceNode:
		r.warn(v, "examples in a schema is %s, not a list; ignored", nodeKind(v))
		return false
	case opaque[word] || strings.HasPrefix(word, "x-"):
		return true
	case numberWords[word] || countWords[word] || boolWords[word] || word == "exclusiveMaximum" || word == "exclusiveMinimum":
		return r.scalar(word, v)
	case textWords[word] && v.Kind != yaml.ScalarNode && v.Kind != yaml.AliasNode:
		r.warn(v, "%s is not text (%s); ignored", word, nodeKind(v))
		return false
	case word == "items":
		r.items(v)
	case word == "discriminator":
		r.mapping(mapValue(v, "mapping"))
	case word == "links" && (k == kindResponse || k == kindAny):
		r.links(v)
	}
	r.walk(v, childKindOf(word, v))
	return true
}

// childKindOf is the kind of v, the value of keyword key: parameters are
// named (a components section) or listed (an operation's).
func childKindOf(key string, v *yaml.Node) kind {
	if key == "parameters" {
		if v.Kind == yaml.SequenceNode {
			return kindParam
		}
		return namesParam
	}
	if ck, ok := childKind[key]; ok {
		return ck
	}
	return kindAny
}

// pointerEscape and pointerUnescape write and read a JSON pointer's
// segments (RFC 6901).
var (
	pointerEscape   = strings.NewReplacer("~", "~0", "/", "~1")
	pointerUnescape = strings.NewReplacer("~1", "/", "~0", "~")
)

// items mends an items keyword that is not one schema.
func (r *repairer) items(v *yaml.Node) {
	switch v.Kind {
	case yaml.SequenceNode:
		r.warn(v, "items is a list of %d schemas (tuple form); errprobe uses the first", len(v.Content))
		first := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		if len(v.Content) > 0 && v.Content[0].Kind == yaml.MappingNode {
			first = v.Content[0]
		}
		*v = *first
	case yaml.ScalarNode:
		word := v.Value
		if typeNames[word] {
			r.warn(v, "items is the text %q, not a schema; read as {type: %s}", word, word)
			*v = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: v.Line, Content: []*yaml.Node{strNode("type", v.Line), strNode(word, v.Line)}}
			return
		}
		r.warn(v, "items is %q, not a schema; any item accepted", word)
		*v = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: v.Line}
	}
}

// mapping drops the entries of a discriminator mapping that name another
// document: errprobe does not use discriminator mappings, and the loader
// would read those documents (or refuse the description) for them.
func (r *repairer) mapping(m *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return
	}
	kept := m.Content[:0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		v := m.Content[i+1].Value
		if !strings.HasPrefix(v, "#") && (strings.ContainsAny(v, "/#") || hasDocSuffix(v)) {
			r.warn(m.Content[i+1], "discriminator mapping %q names another document (%q); ignored", m.Content[i].Value, v)
			continue
		}
		kept = append(kept, m.Content[i], m.Content[i+1])
	}
	clear(m.Content[len(kept):])
	m.Content = kept
}

// hasDocSuffix reports whether s ends like the name of a description file.
func hasDocSuffix(s string) bool {
	for _, ext := range []string{".yaml", ".yml", ".json"} {
		if strings.HasSuffix(strings.ToLower(s), ext) {
			return true
		}
	}
	return false
}

// scalar mends a number, count or boolean written as text (or as a
// number where a boolean belongs); what cannot be read is dropped.
func (r *repairer) scalar(word string, v *yaml.Node) bool {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
		return true // the loader judges other shapes (required: [a, b], say)
	}
	exclusive := word == "exclusiveMaximum" || word == "exclusiveMinimum"
	if boolWords[word] || exclusive {
		if b, err := strconv.ParseBool(v.Value); err == nil && (v.Value == "true" || v.Value == "false") {
			r.warn(v, "%s is the text %q; read as the boolean %t", word, v.Value, b)
			v.Tag, v.Style = "!!bool", 0
			return true
		}
		if !exclusive {
			r.warn(v, "%s is the text %q, not a boolean; ignored", word, v.Value)
			return false
		}
	}
	if countWords[word] {
		if _, err := strconv.ParseUint(strings.TrimSpace(v.Value), 10, 64); err == nil {
			r.warn(v, "%s is the text %q; read as the number", word, v.Value)
			v.Value, v.Tag, v.Style = strings.TrimSpace(v.Value), "!!int", 0
			return true
		}
	} else if f, err := strconv.ParseFloat(strings.TrimSpace(v.Value), 64); err == nil {
		r.warn(v, "%s is the text %q; read as the number", word, v.Value)
		v.Value, v.Tag, v.Style = strconv.FormatFloat(f, 'g', -1, 64), "!!float", 0
		return true
	}
	r.warn(v, "%s is the text %q, not a number; ignored", word, v.Value)
	return false
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		if mapValue(n, "$ref") != nil {
			return "a $ref"
		}
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return "a " + strings.TrimPrefix(n.Tag, "!!")
}

func strNode(s string, line int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Line: line}
}

// mapValue returns the value of key in mapping n, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// pointer finds the node a local $ref ("#/a/b~1c") names, or nil.
func pointer(root *yaml.Node, ref string) *yaml.Node {
	n, _ := walkPointer(root, ref)
	return n
}

// walkPointer is pointer; throughRef reports whether the way passes into
// the siblings of a $ref, where the loader, which drops them, cannot go.
func walkPointer(root *yaml.Node, ref string) (n *yaml.Node, throughRef bool) {
	p, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, false
	}
	n = root
	for _, seg := range strings.Split(p, "/") {
		if u, err := url.PathUnescape(seg); err == nil {
			seg = u
		}
		seg = pointerUnescape.Replace(seg)
		switch n.Kind {
		case yaml.MappingNode:
			if seg != "$ref" && mapValue(n, "$ref") != nil {
				throughRef = true
			}
			n = mapValue(n, seg)
		case yaml.SequenceNode:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil, false
			}
			n = n.Content[i]
		default:
			return nil, false
		}
		if n == nil {
			return nil, false
		}
	}
	return n, throughRef
}
