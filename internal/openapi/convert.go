package openapi

import (
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// converter turns kin-openapi values into the model, sharing one *Schema per
// source schema so that recursive descriptions stay finite.
type converter struct {
	doc     *openapi3.T
	schemas map[*openapi3.Schema]*Schema
}

func convert(doc *openapi3.T) *Spec {
	c := &converter{doc: doc, schemas: map[*openapi3.Schema]*Schema{}}
	spec := &Spec{
		Version:         doc.OpenAPI,
		SecuritySchemes: map[string]*SecurityScheme{},
		BasePath:        basePath(doc.Servers),
	}
	if doc.Info != nil {
		spec.Title = doc.Info.Title
	}
	if doc.Components != nil {
		for name, ref := range doc.Components.SecuritySchemes {
			if ref == nil || ref.Value == nil {
				continue
			}
			v := ref.Value
			spec.SecuritySchemes[name] = &SecurityScheme{
				Name: name, Type: v.Type, Scheme: strings.ToLower(v.Scheme), In: v.In, Param: v.Name,
			}
		}
	}
	if doc.Paths == nil {
		return spec
	}
	paths := doc.Paths.Map()
	keys := make([]string, 0, len(paths))
	for k := range paths {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, path := range keys {
		item := paths[path]
		if item == nil {
			continue
		}
		ops := item.Operations()
		p := &Path{Template: path}
		for _, m := range MethodOrder {
			op := ops[m]
			if op == nil {
				continue
			}
			p.Methods = append(p.Methods, m)
			spec.Operations = append(spec.Operations, c.operation(spec, path, m, item, op))
		}
		if len(p.Methods) > 0 {
			spec.Paths = append(spec.Paths, p)
		}
	}
	resolveLinks(spec)
	return spec
}

func (c *converter) operation(spec *Spec, path, method string, item *openapi3.PathItem, op *openapi3.Operation) *Operation {
	o := &Operation{
		Method: method, Path: path, OperationID: op.OperationID, Summary: op.Summary,
		Tags: op.Tags,
	}
	if op.Origin != nil && op.Origin.Key != nil {
		o.Line = op.Origin.Key.Line
	}
	o.Parameters = c.parameters(item.Parameters, op.Parameters)
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		o.Body = c.body(op.RequestBody.Value)
	}
	if op.Responses != nil {
		for status, ref := range op.Responses.Map() {
			if ref == nil || ref.Value == nil {
				continue
			}
			o.Responses = append(o.Responses, c.response(status, ref.Value))
		}
		sort.Slice(o.Responses, func(i, j int) bool { return o.Responses[i].Status < o.Responses[j].Status })
	}
	reqs := c.doc.Security
	if op.Security != nil {
		reqs = *op.Security
	}
	for _, req := range reqs {
		names := make([]string, 0, len(req))
		for name := range req {
			names = append(names, name)
		}
		sort.Strings(names)
		alt := []*SecurityScheme{}
		for _, n := range names {
			if s := spec.SecuritySchemes[n]; s != nil {
				alt = append(alt, s)
			}
		}
		o.Security = append(o.Security, alt)
	}
	return o
}

// parameters merges path-level and operation-level parameters; the
// operation's win, as the specification says.
func (c *converter) parameters(pathLevel, opLevel openapi3.Parameters) []*Parameter {
	var out []*Parameter
	index := map[string]int{}
	add := func(refs openapi3.Parameters) {
		for _, ref := range refs {
			if ref == nil || ref.Value == nil {
				continue
			}
			p := c.parameter(ref.Value)
			key := p.In + "\x00" + strings.ToLower(p.Name)
			if i, ok := index[key]; ok {
				out[i] = p
				continue
			}
			index[key] = len(out)
			out = append(out, p)
		}
	}
	add(pathLevel)
	add(opLevel)
	return out
}

func (c *converter) parameter(v *openapi3.Parameter) *Parameter {
	p := &Parameter{Name: v.Name, In: v.In, Required: v.Required || v.In == "path"}
	if v.Schema != nil {
		p.Schema = c.schema(v.Schema)
	} else if mt := firstMedia(v.Content); mt != nil && mt.Schema != nil {
		p.Schema = c.schema(mt.Schema)
	}
	p.Example = v.Example
	if p.Example == nil {
		p.Example = firstExample(v.Examples)
	}
	return p
}

func (c *converter) body(v *openapi3.RequestBody) *RequestBody {
	b := &RequestBody{Required: v.Required}
	for mt := range v.Content {
		b.ContentTypes = append(b.ContentTypes, mt)
	}
	sort.Strings(b.ContentTypes)
	if len(b.ContentTypes) == 0 {
		return b
	}
	b.ContentType = b.ContentTypes[0]
	for _, mt := range b.ContentTypes {
		if IsJSONMediaType(mt) {
			b.ContentType = mt
			break
		}
	}
	media := v.Content[b.ContentType]
	if media != nil {
		if media.Schema != nil {
			b.Schema = c.schema(media.Schema)
		}
		b.Example = media.Example
		all := examples(media.Examples)
		if b.Example == nil && len(all) > 0 {
			b.Example, all = all[0], all[1:]
		}
		b.Others = all
	}
	return b
}

func (c *converter) response(status string, v *openapi3.Response) *Response {
	r := &Response{Status: strings.ToUpper(status)}
	if v.Description != nil {
		r.Description = *v.Description
	}
	for mt := range v.Content {
		r.MediaTypes = append(r.MediaTypes, mt)
	}
	sort.Strings(r.MediaTypes)
	for _, mt := range r.MediaTypes {
		if IsJSONMediaType(mt) && v.Content[mt] != nil && v.Content[mt].Schema != nil {
			r.Schema = c.schema(v.Content[mt].Schema)
			break
		}
	}
	r.Links = links(v.Links)
	return r
}

func firstMedia(content openapi3.Content) *openapi3.MediaType {
	keys := make([]string, 0, len(content))
	for k := range content {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if IsJSONMediaType(k) {
			return content[k]
		}
	}
	if len(keys) > 0 {
		return content[keys[0]]
	}
	return nil
}

func firstExample(ex openapi3.Examples) any {
	if all := examples(ex); len(all) > 0 {
		return all[0]
	}
	return nil
}

// examples returns the values of named examples, by name.
func examples(ex openapi3.Examples) []any {
	keys := make([]string, 0, len(ex))
	for k := range ex {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []any
	for _, k := range keys {
		if ex[k] != nil && ex[k].Value != nil && ex[k].Value.Value != nil {
			out = append(out, ex[k].Value.Value)
		}
	}
	return out
}

// basePath returns the path of the first server URL, with server variables
// replaced by their defaults.
func basePath(servers openapi3.Servers) string {
	if len(servers) == 0 || servers[0] == nil {
		return ""
	}
	s := servers[0]
	u := s.URL
	for name, v := range s.Variables {
		if v != nil {
			u = strings.ReplaceAll(u, "{"+name+"}", v.Default)
		}
	}
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.IndexByte(u, '/'); j >= 0 {
			u = u[j:]
		} else {
			u = ""
		}
	}
	return strings.TrimRight(u, "/")
}
