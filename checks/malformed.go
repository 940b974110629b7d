package checks

import (
	"fmt"

	"github.com/errprobe/errprobe/internal/openapi"
)

// maxFieldProbes bounds per-field probes per operation and check.
const maxFieldProbes = 24

type jsonTruncated struct{}

func (jsonTruncated) Meta() Meta {
	return Meta{ID: "malformed-json-truncated", Family: FamilyMalformed, Title: "Truncated JSON body",
		Description: "Sends a valid JSON body cut off halfway. A body that cannot be parsed is a client error: RFC 9110 §15.5.1 (400 Bad Request), never a 5xx and never accepted."}
}

func (c jsonTruncated) Probes(g *Gen) []Probe {
	return eachJSONBody(g, func(op *openapi.Operation) []Probe {
		b := g.newBuild(op)
		n := len(b.body) / 2
		if n < 1 {
			n = 1
		}
		b.body = append([]byte(nil), b.body[:n]...)
		return []Probe{probe(c, op, "", "send the JSON body truncated halfway", b.request(""), expect(op, classValidation))}
	})
}

type jsonSyntax struct{}

func (jsonSyntax) Meta() Meta {
	return Meta{ID: "malformed-json-syntax", Family: FamilyMalformed, Title: "Body that is not JSON",
		Description: "Sends text that is not JSON at all with a JSON Content-Type. RFC 9110 §15.5.1: the server must answer 400 (or 422), not fail with a 5xx."}
}

func (c jsonSyntax) Probes(g *Gen) []Probe {
	return eachJSONBody(g, func(op *openapi.Operation) []Probe {
		b := g.newBuild(op)
		b.body = []byte("errprobe: this is not JSON {")
		return []Probe{probe(c, op, "", "send a body that is not JSON with Content-Type "+b.ctype, b.request(""), expect(op, classValidation))}
	})
}

type contentType struct{}

func (contentType) Meta() Meta {
	return Meta{ID: "malformed-content-type", Family: FamilyMalformed, Title: "Unsupported Content-Type",
		Description: "Sends a valid body labelled text/plain to an operation that declares a JSON body. RFC 9110 §15.5.16: 415 Unsupported Media Type (400 or 422 are tolerated)."}
}

func (c contentType) Probes(g *Gen) []Probe {
	return eachJSONBody(g, func(op *openapi.Operation) []Probe {
		b := g.newBuild(op)
		b.ctype = "text/plain"
		return []Probe{probe(c, op, "", "send the body as text/plain instead of "+op.Body.ContentType, b.request(""), expect(op, classContentType))}
	})
}

type fieldType struct{}

func (fieldType) Meta() Meta {
	return Meta{ID: "malformed-field-type", Family: FamilyMalformed, Title: "Body field of the wrong type",
		Description: "Sends the body with one top-level property given a value of the wrong JSON type. Schema validation failures are client errors (400 or 422), never accepted and never a 5xx."}
}

func (c fieldType) Probes(g *Gen) []Probe {
	return eachObjectBody(g, func(op *openapi.Operation, obj map[string]any, s *openapi.Schema) []Probe {
		var out []Probe
		for _, name := range s.PropertyNames() {
			p := s.Properties[name]
			bad, ok := wrongType(p)
			if !ok || p.ReadOnly || len(out) >= maxFieldProbes {
				continue
			}
			b := g.newBuild(op)
			b.body = mustJSON(with(obj, name, bad))
			desc := fmt.Sprintf("set body property %q (%s) to %s", name, p.Type(), mustJSON(bad))
			out = append(out, probe(c, op, name, desc, b.request(""), expect(op, classValidation)))
		}
		return out
	})
}

type fieldConstraint struct{}

func (fieldConstraint) Meta() Meta {
	return Meta{ID: "malformed-field-constraint", Family: FamilyMalformed, Title: "Body field that breaks a constraint",
		Description: "Sends the body with one top-level property breaking its schema's enum, minimum/maximum, minLength/maxLength or pattern. The description promises the constraint, so the server must reject the value with 400 or 422."}
}

func (c fieldConstraint) Probes(g *Gen) []Probe {
	return eachObjectBody(g, func(op *openapi.Operation, obj map[string]any, s *openapi.Schema) []Probe {
		var out []Probe
		for _, name := range s.PropertyNames() {
			p := s.Properties[name]
			if p.ReadOnly {
				continue
			}
			for _, v := range violations(p) {
				if len(out) >= maxFieldProbes {
					break
				}
				b := g.newBuild(op)
				b.body = mustJSON(with(obj, name, v.value))
				desc := fmt.Sprintf("set body property %q to %s (%s)", name, mustJSON(v.value), v.what)
				out = append(out, probe(c, op, name+":"+v.id, desc, b.request(""), expect(op, classValidation)))
			}
		}
		return out
	})
}

type paramType struct{}

func (paramType) Meta() Meta {
	return Meta{ID: "malformed-param-type", Family: FamilyMalformed, Title: "Parameter of the wrong type",
		Description: "Sends a string where a path or query parameter must be a number or boolean. A query mistake is a 400/422; a path segment that cannot match may also be a 404 (RFC 9110 §15.5.5)."}
}

func (c paramType) Probes(g *Gen) []Probe {
	var out []Probe
	for _, op := range g.Spec.Operations {
		for _, p := range op.Parameters {
			if (p.In != "path" && p.In != "query") || p.Schema == nil {
				continue
			}
			t := p.Schema.Type()
			if t != "integer" && t != "number" && t != "boolean" {
				continue
			}
			b := g.newBuild(op)
			b.params[p] = map[string]string{"integer": "not-a-number", "number": "not-a-number", "boolean": "not-a-boolean"}[t]
			cl := classValidation
			if p.In == "path" {
				cl = classPathParam
			}
			desc := fmt.Sprintf("send %s parameter %q (%s) as %q", p.In, p.Name, t, b.params[p])
			out = append(out, probe(c, op, p.In+":"+p.Name, desc, b.request(""), expect(op, cl)))
		}
	}
	return out
}

type paramConstraint struct{}

func (paramConstraint) Meta() Meta {
	return Meta{ID: "malformed-param-constraint", Family: FamilyMalformed, Title: "Parameter that breaks a constraint",
		Description: "Sends a query or path parameter that breaks its schema's enum, minimum/maximum, minLength/maxLength or pattern. The server must reject it with 400 or 422 (404 for a path segment)."}
}

func (c paramConstraint) Probes(g *Gen) []Probe {
	var out []Probe
	for _, op := range g.Spec.Operations {
		for _, p := range op.Parameters {
			if (p.In != "path" && p.In != "query") || p.Schema == nil {
				continue
			}
			for _, v := range violations(p.Schema) {
				b := g.newBuild(op)
				b.params[p] = ParamString(v.value)
				cl := classValidation
				if p.In == "path" {
					cl = classPathParam
				}
				desc := fmt.Sprintf("send %s parameter %q as %q (%s)", p.In, p.Name, b.params[p], v.what)
				out = append(out, probe(c, op, p.In+":"+p.Name+":"+v.id, desc, b.request(""), expect(op, cl)))
			}
		}
	}
	return out
}

// eachJSONBody runs f for every operation with a JSON request body.
func eachJSONBody(g *Gen, f func(op *openapi.Operation) []Probe) []Probe {
	var out []Probe
	for _, op := range g.Spec.Operations {
		if op.Body != nil && op.Body.JSON() {
			out = append(out, f(op)...)
		}
	}
	return out
}

// eachObjectBody runs f for every operation whose JSON body is an object
// with declared properties, passing the valid sample object.
func eachObjectBody(g *Gen, f func(op *openapi.Operation, obj map[string]any, s *openapi.Schema) []Probe) []Probe {
	return eachJSONBody(g, func(op *openapi.Operation) []Probe {
		s := op.Body.Schema.Merged()
		if s == nil || len(s.Properties) == 0 {
			return nil
		}
		obj, ok := SampleBody(op.Body).(map[string]any)
		if !ok {
			return nil
		}
		return f(op, obj, s)
	})
}

// with returns a copy of obj with name set to v.
func with(obj map[string]any, name string, v any) map[string]any {
	out := make(map[string]any, len(obj)+1)
	for k, x := range obj {
		out[k] = x
	}
	out[name] = v
	return out
}

// without returns a copy of obj without name.
func without(obj map[string]any, name string) map[string]any {
	out := make(map[string]any, len(obj))
	for k, x := range obj {
		if k != name {
			out[k] = x
		}
	}
	return out
}
