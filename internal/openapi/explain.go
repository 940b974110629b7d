package openapi

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// The parser's messages name Go types ("cannot unmarshal string into field
// Operation.parameters of type openapi2.Parameters"); these turn them into
// the description's words.
var (
	unmarshalMsg = regexp.MustCompile(`cannot unmarshal (\w+) into (?:Go struct )?(?:field (\S+)|(?:Go )?value) of type (.+)$`)
	constructMsg = regexp.MustCompile("^cannot construct (!!\\w+)(?: `([^`]*)`)? into (.+?) in (/\\S*)$")
)

// goTypeWords says what a Go type the parser decodes into is, in words.
var goTypeWords = map[string]string{
	"openapi2.Parameters": "a list of parameters", "openapi3.Parameters": "a list of parameters",
	"openapi2.Parameter": "a parameter object", "openapi3.Parameter": "a parameter object",
	"openapi2.Response": "a response object", "openapi3.Response": "a response object",
	"openapi2.Schema": "a schema object", "openapi3.Schema": "a schema object",
	"openapi2.Schemas": "a mapping of names to schemas", "openapi3.Schemas": "a mapping of names to schemas",
	"openapi2.Operation": "an operation object", "openapi3.Operation": "an operation object",
	"openapi2.PathItem": "a path item object", "openapi3.PathItem": "a path item object",
	"openapi2.Header": "a header object", "openapi3.Header": "a header object",
	"openapi2.SecurityScheme": "a security scheme object", "openapi3.SecurityScheme": "a security scheme object",
	"openapi3.RequestBody": "a request body object", "openapi3.MediaType": "a media type object",
	"openapi3.Example": "an example object", "openapi3.Link": "a link object", "openapi3.Callback": "a callback object",
	"openapi3.Responses": "a mapping of statuses to responses", "openapi3.Content": "a mapping of media types",
	"openapi3.Types": "a type name or a list of them", "openapi3.Info": "an info object",
	"openapi3.Components": "a components object", "openapi3.Paths": "a mapping of paths", "openapi3.Servers": "a list of servers",
	"openapi3.AdditionalProperties": "a schema or true/false",
	"string":                        "text", "bool": "true or false", "float64": "a number", "uint64": "a whole number",
	"int": "a whole number", "int64": "a whole number", "[]string": "a list of text", "[]interface {}": "a list",
}

// describeGoType says what goType is in words; unknown types are named
// after their shape.
func describeGoType(goType string) string {
	goType = strings.TrimPrefix(goType, "*")
	if w, ok := goTypeWords[goType]; ok {
		return w
	}
	switch {
	case strings.HasPrefix(goType, "map["):
		if strings.Contains(goType, "PathItem") {
			return "a mapping of paths"
		}
		return "a mapping"
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	}
	if i := strings.LastIndexByte(goType, '.'); i >= 0 {
		goType = goType[i+1:]
	}
	return "an object (" + goType + ")"
}

// jsonKindWords names what a JSON decoder found.
var jsonKindWords = map[string]string{"string": "text", "number": "a number", "array": "a list", "object": "a mapping", "bool": "true or false"}

// yamlTagWords names what a YAML decoder found.
var yamlTagWords = map[string]string{"!!str": "text", "!!int": "a number", "!!float": "a number", "!!bool": "true or false", "!!seq": "a list", "!!map": "a mapping", "!!null": "null"}

// explainUnmarshal turns a json.Unmarshal error into "FIELD must be X,
// not Y" and names the field, "" when the error is of another kind.
func explainUnmarshal(msg string) (text, field string) {
	m := unmarshalMsg.FindStringSubmatch(msg)
	if m == nil {
		return "", ""
	}
	got := jsonKindWords[m[1]]
	if got == "" {
		got = m[1]
	}
	want := describeGoType(m[3])
	if _, f, ok := strings.Cut(m[2], "."); ok {
		field = f
		return fmt.Sprintf("%s must be %s, not %s", f, want, got), f
	}
	return fmt.Sprintf("must be %s, not %s", want, got), ""
}

// explainConstruct rewrites the loader's "cannot construct !!str `x` into
// openapi3.Response in /paths/~1a/get/responses/200" as what is wrong,
// where. ok is false for other messages.
func explainConstruct(msg string) (string, bool) {
	m := constructMsg.FindStringSubmatch(msg)
	if m == nil {
		return "", false
	}
	got := yamlTagWords[m[1]]
	if got == "" {
		got = m[1]
	}
	if m[2] != "" {
		got += fmt.Sprintf(" %q", m[2])
	}
	return fmt.Sprintf("%s must be %s, not %s", pointerWhere(m[4]), describeGoType(m[3]), got), true
}

// singular names one entry of a mapping of names, in places.
var singular = map[string]string{
	"responses": "response", "parameters": "parameter", "schemas": "schema", "properties": "property",
	"definitions": "definition", "examples": "example", "headers": "header", "requestBodies": "request body",
}

// pointerWhere names the place a JSON pointer into a description leads
// to: "GET /pets, response 200" for /paths/~1pets/get/responses/200.
func pointerWhere(ptr string) string {
	var segs []string
	for _, s := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		segs = append(segs, pointerUnescape.Replace(s))
	}
	var parts []string
	if len(segs) >= 2 && segs[0] == "paths" {
		parts = append(parts, "path "+segs[1])
		segs = segs[2:]
		if len(segs) > 0 && isMethod(strings.ToUpper(segs[0])) {
			parts[0] = strings.ToUpper(segs[0]) + " " + strings.TrimPrefix(parts[0], "path ")
			segs = segs[1:]
		}
	}
	for len(segs) > 0 {
		switch {
		case len(segs) >= 2 && segs[0] == "parameters" && isIndex(segs[1]):
			n, _ := strconv.Atoi(segs[1])
			parts = append(parts, fmt.Sprintf("parameter %d", n+1))
			segs = segs[2:]
		case len(segs) >= 2 && singular[segs[0]] != "":
			parts = append(parts, singular[segs[0]]+" "+segs[1])
			segs = segs[2:]
		default:
			parts = append(parts, segs[0])
			segs = segs[1:]
		}
	}
	if len(parts) == 0 {
		return "the description"
	}
	return strings.Join(parts, ", ")
}

func isIndex(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil && !strings.HasPrefix(s, "+") && !strings.HasPrefix(s, "-")
}

// mustBeObject matches the loader's "invalid schema: value MUST be an
// object", said of a null where an object belongs, without a place.
var mustBeObject = regexp.MustCompile(`invalid (\w+): value MUST be an object`)

// mustKinds maps the loader's word to the kind of place it means.
var mustKinds = map[string]kind{"schema": kindSchema, "parameter": kindParam, "response": kindResponse, "requestBody": kindRequestBody, "header": kindHeader}

// nullSite finds in the description data the first null where a want
// belongs and names its place; nil when there is none.
func nullSite(data []byte, want kind) (*yaml.Node, string) {
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil || len(root.Content) != 1 {
		return nil, ""
	}
	return findNull(root.Content[0], kindAny, want, nil)
}

func findNull(n *yaml.Node, k, want kind, ptr []string) (*yaml.Node, string) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" && k == want {
		return n, pointerWhere("/" + strings.Join(ptr, "/"))
	}
	sub := func(c *yaml.Node, ck kind, seg string) (*yaml.Node, string) {
		return findNull(c, ck, want, append(ptr[:len(ptr):len(ptr)], seg))
	}
	switch n.Kind {
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if at, where := sub(c, k, strconv.Itoa(i)); at != nil {
				return at, where
			}
		}
	case yaml.MappingNode:
		elem, names := namesOf[k]
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, v := n.Content[i].Value, n.Content[i+1]
			seg := pointerEscape.Replace(key)
			ck := elem
			if !names {
				if opaque[key] || strings.HasPrefix(key, "x-") {
					continue
				}
				ck = childKindOf(key, v)
			}
			if at, where := sub(v, ck, seg); at != nil {
				return at, where
			}
		}
	}
	return nil, ""
}
