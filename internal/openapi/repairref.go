package openapi

import (
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// kindNames name the kinds a $ref can be expected to name, in messages.
var kindNames = map[kind]string{kindSchema: "schema", kindParam: "parameter", kindResponse: "response", kindRequestBody: "request body", kindHeader: "header"}

// section returns the kind of component a local $ref names, judged by the
// section it points into, and whether it points into one.
func (r *repairer) section(ref string) (kind, bool) {
	sections := map[string]kind{
		"#/components/schemas/": kindSchema, "#/components/parameters/": kindParam, "#/components/responses/": kindResponse,
		"#/components/requestBodies/": kindRequestBody, "#/components/headers/": kindHeader,
	}
	if r.v2 {
		sections = map[string]kind{"#/definitions/": kindSchema, "#/parameters/": kindParam, "#/responses/": kindResponse}
	}
	for prefix, k := range sections {
		if strings.HasPrefix(ref, prefix) {
			return k, true
		}
	}
	return kindAny, false
}

// ref mends mapping n, a $ref where a k is expected; false drops n.
func (r *repairer) ref(n, ref *yaml.Node, k kind) bool {
	if target, through := walkPointer(r.root, ref.Value); through && target.Kind == yaml.MappingNode {
		// A way the loader cannot follow; both validators do. What it
		// names is copied in its place.
		n.Content, r.changed = append([]*yaml.Node(nil), target.Content...), true
		return true
	}
	want, ok := kindNames[k]
	if !ok {
		return true
	}
	got, inSection := r.section(ref.Value)
	if !inSection {
		if r.v2 && k == kindSchema && strings.HasPrefix(ref.Value, "#/") && !strings.HasPrefix(ref.Value, "#/paths/") {
			r.stray = append(r.stray, ref)
		}
		return true
	}
	target := pointer(r.root, ref.Value)
	if got == k || target == nil || target.Kind != yaml.MappingNode {
		return true // right, or for the loader to report
	}
	what := kindNames[got]
	switch k {
	case kindSchema:
		if s := r.schemaIn(target); s != nil {
			r.warn(ref, "schema $ref %q names a %s; errprobe uses its schema", ref.Value, what)
			n.Content = nil
			if s.Kind == yaml.MappingNode {
				n.Content = append(n.Content, s.Content...)
			}
			return true
		}
		r.warn(ref, "schema $ref %q names a %s without a schema; any value accepted", ref.Value, what)
		n.Content = nil
		return true
	case kindParam:
		if mapValue(target, "name") != nil && mapValue(target, "in") != nil {
			r.warn(ref, "parameter $ref %q names a %s that reads as a parameter; errprobe uses it", ref.Value, what)
			n.Content = append([]*yaml.Node(nil), target.Content...)
			return true
		}
		r.warn(ref, "parameter $ref %q names a %s, not a parameter; ignored", ref.Value, what)
		return false
	}
	// A response, request body or header that names a schema, or another
	// component that carries one: a k whose body is that schema.
	schema := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: n.Line, Content: []*yaml.Node{strNode("$ref", n.Line), strNode(ref.Value, n.Line)}}
	if got != kindSchema {
		if schema = r.schemaIn(target); schema == nil {
			r.warn(ref, "%s $ref %q names a %s without a schema; ignored", want, ref.Value, what)
			n.Content = nil
			if k == kindResponse {
				n.Content = []*yaml.Node{strNode("description", n.Line), strNode("", n.Line)}
			}
			return true
		}
	}
	r.warn(ref, "%s $ref %q names a %s; read as a %s whose body is that schema", want, ref.Value, what, want)
	body := []*yaml.Node{strNode("schema", n.Line), schema}
	if !r.v2 && k != kindHeader {
		media := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: body}
		body = []*yaml.Node{strNode("content", n.Line), {Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{strNode("application/json", n.Line), media}}}
	}
	if k == kindResponse {
		body = append([]*yaml.Node{strNode("description", n.Line), strNode("", n.Line)}, body...)
	}
	n.Content = body
	return true
}

// schemaIn returns the schema a parameter, header, response or request
// body carries (its own, or its first media type's), or nil.
func (r *repairer) schemaIn(n *yaml.Node) *yaml.Node {
	if s := mapValue(n, "schema"); s != nil {
		return s
	}
	content := mapValue(n, "content")
	if content == nil || content.Kind != yaml.MappingNode {
		return nil
	}
	for i := 1; i < len(content.Content); i += 2 {
		if IsJSONMediaType(content.Content[i-1].Value) {
			if s := mapValue(content.Content[i], "schema"); s != nil {
				return s
			}
		}
	}
	for i := 1; i < len(content.Content); i += 2 {
		if s := mapValue(content.Content[i], "schema"); s != nil {
			return s
		}
	}
	return nil
}

// hoist moves the Swagger 2.0 schemas that $refs find outside definitions
// (gRPC gateway's x-stream-definitions, say) into definitions and points
// the $refs there. Swagger 2.0 $refs to schemas name definitions: kin's
// conversion rewrites those, and only those, to OpenAPI 3 components, so a
// schema elsewhere would keep $refs the converted document cannot resolve.
func (r *repairer) hoist() {
	for len(r.stray) > 0 {
		ref := r.stray[0]
		r.stray = r.stray[1:]
		if name, done := r.hoisted[ref.Value]; done {
			ref.Value = "#/definitions/" + name
			continue
		}
		target := pointer(r.root, ref.Value)
		if target == nil || target.Kind != yaml.MappingNode {
			continue
		}
		defs := mapValue(r.root, "definitions")
		if defs == nil {
			defs = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			r.root.Content = append(r.root.Content, strNode("definitions", 0), defs)
		}
		base := ref.Value[strings.LastIndexByte(ref.Value, '/')+1:]
		base = strings.NewReplacer("~1", "_", "~0", "_").Replace(base)
		name := base
		for i := 2; mapValue(defs, name) != nil; i++ {
			name = base + "_" + strconv.Itoa(i)
		}
		defs.Content = append(defs.Content, strNode(name, target.Line), target)
		r.hoisted[ref.Value] = name
		ref.Value, r.changed = "#/definitions/"+name, true
		r.walk(target, kindSchema) // its own $refs, stray ones included
	}
}
