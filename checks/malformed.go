package checks

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
)

// maxFieldProbes bounds per-field probes per operation and check.
const maxFieldProbes = 24

type jsonTruncated struct{}

func (jsonTruncated) Meta() Meta {
	return Meta{ID: "malformed-json-truncated", Family: FamilyMalformed, Input: true, Title: "Truncated JSON body",
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
		return []Probe{probe(c, op, "", "send the JSON body truncated halfway", b.request(""), expect(op, classSyntax))}
	})
}

type jsonSyntax struct{}

func (jsonSyntax) Meta() Meta {
	return Meta{ID: "malformed-json-syntax", Family: FamilyMalformed, Input: true, Title: "Body that is not JSON",
		Description: "Sends text that is not JSON at all with a JSON Content-Type. RFC 9110 §15.5.1: the server must answer 400 (or 422), not fail with a 5xx."}
}

func (c jsonSyntax) Probes(g *Gen) []Probe {
	return eachJSONBody(g, func(op *openapi.Operation) []Probe {
		b := g.newBuild(op)
		b.body = []byte("errprobe: this is not JSON {")
		return []Probe{probe(c, op, "", "send a body that is not JSON with Content-Type "+b.ctype, b.request(""), expect(op, classSyntax))}
	})
}

type contentType struct{}

func (contentType) Meta() Meta {
	return Meta{ID: "malformed-content-type", Family: FamilyMalformed, Title: "Unsupported Content-Type",
		Description: "Sends a valid body labelled with a media type the operation does not declare: text/plain where it declares a JSON body, application/x-errprobe-unsupported for other bodies (none where it declares a wildcard). RFC 9110 §15.5.16: 415 Unsupported Media Type (400 or 422 are tolerated)."}
}

func (c contentType) Probes(g *Gen) []Probe {
	var out []Probe
	for _, op := range g.Spec.Operations {
		if op.Body == nil {
			continue
		}
		label, ok := undeclaredMedia(op.Body)
		if !ok {
			continue
		}
		b := g.newBuild(op)
		b.ctype = label
		exp := expect(op, classContentType)
		if h := g.AuthHeader; h != "" && !strings.EqualFold(h, "Cookie") {
			// A body read whatever its label is a CSRF hole where a browser
			// can send it cross-site: a text/plain POST is a CORS simple
			// request. With credentials in a header it cannot, without a
			// preflight the server answers.
			exp.AcceptedCap = SeverityWarning
			exp.AcceptedWhy = fmt.Sprintf("the request carries its credentials in the %s header, which a browser sends cross-site only after a CORS preflight, so reading the body whatever its label lets no other site send it", h)
		}
		out = append(out, probe(c, op, "", "send the body as "+label+" instead of "+op.Body.ContentType, b.request(""), exp))
	}
	return out
}

// undeclaredMedia picks a media type the body does not declare, and false
// when a declared wildcard admits every one.
func undeclaredMedia(b *openapi.RequestBody) (string, bool) {
	for _, t := range b.ContentTypes {
		if strings.Contains(t, "*") {
			return "", false
		}
	}
	if b.JSON() && !slices.Contains(b.ContentTypes, "text/plain") {
		return "text/plain", true
	}
	return "application/x-errprobe-unsupported", true
}

type fieldType struct{}

func (fieldType) Meta() Meta {
	return Meta{ID: "malformed-field-type", Family: FamilyMalformed, Input: true, Title: "Body field of the wrong type",
		Description: "Sends the body with one property (nested objects and array items included, to depth 3) given a value of the wrong JSON type. Schema validation failures are client errors (400 or 422), never accepted and never a 5xx."}
}

func (c fieldType) Probes(g *Gen) []Probe {
	return eachField(g, func(op *openapi.Operation, obj any, f field) []Probe {
		bad, ok := wrongType(f.schema)
		if !ok {
			return nil
		}
		b := g.newBuild(op)
		b.body = mustJSON(setAt(obj, f, bad, false))
		desc := fmt.Sprintf("set body property %q (%s) to %s", f.name(), f.schema.Merged().Type(), mustJSON(bad))
		exp := expect(op, classValidation)
		if untyped(f.schema) {
			exp.AcceptedCap, exp.AcceptedWhy = SeverityWarning, untypedWhy
		}
		return []Probe{probe(c, op, f.name(), desc, b.request(""), exp)}
	})
}

type fieldConstraint struct{}

func (fieldConstraint) Meta() Meta {
	return Meta{ID: "malformed-field-constraint", Family: FamilyMalformed, Input: true, Title: "Body field that breaks a constraint",
		Description: "Sends the body with one property breaking its schema's enum, minimum/maximum (exclusive too), minLength/maxLength, pattern, minItems/maxItems or uniqueItems. The description promises the constraint, so the server must reject the value with 400 or 422."}
}

func (c fieldConstraint) Probes(g *Gen) []Probe {
	return eachField(g, func(op *openapi.Operation, obj any, f field) []Probe {
		var out []Probe
		for _, v := range violations(f.schema) {
			b := g.newBuild(op)
			b.body = mustJSON(setAt(obj, f, v.value, false))
			desc := fmt.Sprintf("set body property %q to %s (%s)", f.name(), excerptJSON(v.value), v.what)
			out = append(out, probe(c, op, f.name()+":"+v.id, desc, b.request(""), expect(op, classValidation)))
		}
		return out
	})
}

type fieldNull struct{}

func (fieldNull) Meta() Meta {
	return Meta{ID: "malformed-field-null", Family: FamilyMalformed, Title: "null for a non-nullable field",
		Description: "Sends null for each property (nested ones and array items included) whose schema does not allow null (no nullable: true, no \"null\" type). JSON Schema type validation rejects it: 400 or 422. For an optional property, success is at most a warning: many frameworks read null there as the property left out (class-validator's @IsOptional, Go's pointers and omitempty); a 5xx is an error either way, as code that indexes the value crashes on it."}
}

func (c fieldNull) Probes(g *Gen) []Probe {
	return eachField(g, func(op *openapi.Operation, obj any, f field) []Probe {
		if f.schema.Nullable() || f.schema.Merged().Type() == "" || len(f.schema.AnyOf)+len(f.schema.OneOf) > 0 {
			return nil
		}
		b := g.newBuild(op)
		b.body = mustJSON(setAt(obj, f, nil, false))
		exp, what := expect(op, classValidation), "required"
		if !f.required {
			exp.AcceptedCap, what = SeverityWarning, "optional"
			exp.AcceptedWhy = "the property is optional, and many frameworks read null there as the property left out"
		}
		return []Probe{probe(c, op, f.name(), fmt.Sprintf("set %s body property %q to null", what, f.name()), b.request(""), exp)}
	})
}

type fieldFormat struct{}

func (fieldFormat) Meta() Meta {
	return Meta{ID: "malformed-field-format", Family: FamilyMalformed, Title: "Body field that breaks its format", Severity: SeverityWarning,
		Description: "Sends a string that does not match the property's format (date-time, date, email, uuid, uri, ipv4, ipv6). JSON Schema 2020-12 treats format as an annotation unless asserted, so violations here are warnings: the API promises a format it does not check."}
}

func (c fieldFormat) Probes(g *Gen) []Probe {
	return eachField(g, func(op *openapi.Operation, obj any, f field) []Probe {
		bad, ok := badFormats[f.schema.Format]
		if !ok || f.schema.Merged().Type() != "string" || len(f.schema.Enum) > 0 {
			return nil
		}
		b := g.newBuild(op)
		b.body = mustJSON(setAt(obj, f, bad, false))
		desc := fmt.Sprintf("set body property %q to %q (not a valid %s)", f.name(), bad, f.schema.Format)
		return []Probe{probe(c, op, f.name()+":"+f.schema.Format, desc, b.request(""), expect(op, classValidation))}
	})
}

var badFormats = map[string]string{
	"date-time": "2024-13-45T99:99:99Z", "date": "2024-02-31x", "email": "not-an-email",
	"uuid": "not-a-uuid", "uri": "not a uri", "ipv4": "999.1.1.1", "ipv6": "not:an:ipv6::x::y",
}

type paramFormat struct{}

func (paramFormat) Meta() Meta {
	return Meta{ID: "malformed-param-format", Family: FamilyMalformed, Title: "Parameter that breaks its format", Severity: SeverityWarning,
		Description: "Sends a path, query, header or cookie parameter that does not match its string format (a non-UUID for format: uuid; date-time, date, email, uri, ipv4, ipv6). A path segment that matches no resource may be a 404 (RFC 9110 §15.5.5), otherwise 400 or 422. Format is an annotation unless asserted (JSON Schema 2020-12), so accepting the value is a warning; a 5xx or a leak is still an error."}
}

func (c paramFormat) Probes(g *Gen) []Probe {
	return eachParam(g, func(op *openapi.Operation, p *openapi.Parameter) []Probe {
		bad, ok := badFormats[p.Schema.Format]
		if !ok || p.Schema.Type() != "string" || len(p.Schema.Enum) > 0 {
			return nil
		}
		b := g.newBuild(op)
		b.params[p] = bad
		desc := fmt.Sprintf("send %s parameter %q as %q (not a valid %s)", p.In, p.Name, bad, p.Schema.Format)
		return []Probe{probe(c, op, p.In+":"+p.Name+":"+p.Schema.Format, desc, b.request(""), expect(op, paramClass(p)))}
	})
}

type fieldUnknown struct{}

func (fieldUnknown) Meta() Meta {
	return Meta{ID: "malformed-field-unknown", Family: FamilyMalformed, Title: "Unknown property where none are allowed",
		Description: "Adds a property the schema does not declare to an object whose schema says additionalProperties: false. The server must reject it with 400 or 422."}
}

func (c fieldUnknown) Probes(g *Gen) []Probe {
	return eachJSONBody(g, func(op *openapi.Operation) []Probe {
		s := op.Body.Schema
		if s == nil {
			return nil
		}
		obj := g.sampleBody(op)
		var out []Probe
		for _, o := range objectsOf(s) {
			if !o.schema.NoAdditional || len(out) >= maxFieldProbes {
				continue
			}
			target := append(append([]string{}, o.path...), "errprobeUnknownProperty")
			f := field{path: target, chain: append(append([]*openapi.Schema{}, o.chain...), nil)}
			b := g.newBuild(op)
			b.body = mustJSON(setAt(obj, f, "errprobe", false))
			where := o.name()
			if where == "" {
				where = "the body"
			}
			out = append(out, probe(c, op, where, "add an undeclared property to "+where, b.request(""), expect(op, classValidation)))
		}
		return out
	})
}

type paramType struct{}

func (paramType) Meta() Meta {
	return Meta{ID: "malformed-param-type", Family: FamilyMalformed, Input: true, Title: "Parameter of the wrong type",
		Description: "Sends a string where a path, query, header or cookie parameter must be a number or boolean. A query mistake is a 400/422; a path segment that cannot match may also be a 404 (RFC 9110 §15.5.5)."}
}

func (c paramType) Probes(g *Gen) []Probe {
	return eachParam(g, func(op *openapi.Operation, p *openapi.Parameter) []Probe {
		t := p.Schema.Type()
		bad, ok := map[string]string{"integer": "not-a-number", "number": "not-a-number", "boolean": "not-a-boolean"}[t]
		if !ok {
			return nil
		}
		b := g.newBuild(op)
		b.params[p] = bad
		desc := fmt.Sprintf("send %s parameter %q (%s) as %q", p.In, p.Name, t, bad)
		return []Probe{probe(c, op, p.In+":"+p.Name, desc, b.request(""), expect(op, paramClass(p)))}
	})
}

// eachParam runs f for every parameter with a schema that is not a
// credential (those belong to the forbidden family).
func eachParam(g *Gen, f func(op *openapi.Operation, p *openapi.Parameter) []Probe) []Probe {
	var out []Probe
	for _, op := range g.Spec.Operations {
		for _, p := range op.Parameters {
			if p.Schema != nil && !isAuthParam(op, p) {
				out = append(out, f(op, p)...)
			}
		}
	}
	return out
}

// paramClass is the mistake class of a bad parameter: a path segment that
// cannot match may also be answered 404.
func paramClass(p *openapi.Parameter) class {
	if p.In == "path" {
		return classPathParam
	}
	return classValidation
}

type paramConstraint struct{}

func (paramConstraint) Meta() Meta {
	return Meta{ID: "malformed-param-constraint", Family: FamilyMalformed, Input: true, Title: "Parameter that breaks a constraint",
		Description: "Sends a path, query, header or cookie parameter that breaks its schema's enum, minimum/maximum, minLength/maxLength or pattern. The server must reject it with 400 or 422 (404 for a path segment)."}
}

func (c paramConstraint) Probes(g *Gen) []Probe {
	return eachParam(g, func(op *openapi.Operation, p *openapi.Parameter) []Probe {
		var out []Probe
		for _, v := range violations(p.Schema) {
			b := g.newBuild(op)
			b.params[p] = ParamString(v.value)
			desc := fmt.Sprintf("send %s parameter %q as %q (%s)", p.In, p.Name, b.params[p], v.what)
			out = append(out, probe(c, op, p.In+":"+p.Name+":"+v.id, desc, b.request(""), expect(op, paramClass(p))))
		}
		return out
	})
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

// eachField runs f for every property of every JSON object body, and for
// the items of an array body and their properties, passing the valid
// sample body; it bounds the probes per operation and drops any probe
// whose body is still the valid one (a field the sample has no room for).
func eachField(g *Gen, f func(op *openapi.Operation, body any, fl field) []Probe) []Probe {
	return eachJSONBody(g, func(op *openapi.Operation) []Probe {
		if op.Body.Schema == nil {
			return nil
		}
		body := g.sampleBody(op)
		switch v := body.(type) {
		case map[string]any:
		case []any:
			if len(v) == 0 {
				return nil
			}
		default:
			return nil
		}
		valid := g.base(op).body
		var out []Probe
		for _, fl := range bodyFields(op.Body.Schema) {
			if len(out) >= maxFieldProbes {
				break
			}
			left := g.leftOut(op, fl)
			for _, p := range f(op, body, fl) {
				if bytes.Equal(p.Request.Body, valid) {
					continue
				}
				if left != "" && p.Expect.AcceptedCap == 0 {
					p.Expect.AcceptedCap = SeverityWarning
					p.Expect.AcceptedWhy = fmt.Sprintf("the valid request leaves the optional body property %q out and the target accepts it so, so it may ignore the property rather than take this value", left)
				}
				out = append(out, p)
			}
		}
		return out
	})
}

// excerptJSON renders a value for a description, shortened.
func excerptJSON(v any) string {
	s := string(mustJSON(v))
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

type paramEmpty struct{}

func (paramEmpty) Meta() Meta {
	return Meta{ID: "malformed-param-empty", Family: FamilyMalformed, Title: "Empty parameter value",
		Description: "Sends a required query, header or cookie parameter with an empty value where its schema cannot accept one (a number, boolean, enum, minLength or pattern). An empty value is not a value: 400 or 422."}
}

func (c paramEmpty) Probes(g *Gen) []Probe {
	return eachParam(g, func(op *openapi.Operation, p *openapi.Parameter) []Probe {
		if p.In == "path" || !p.Required || !rejectsEmpty(p.Schema) {
			return nil
		}
		b := g.newBuild(op)
		b.params[p] = ""
		return []Probe{probe(c, op, p.In+":"+p.Name, fmt.Sprintf("send %s parameter %q empty", p.In, p.Name), b.request(""), expect(op, classValidation))}
	})
}

func rejectsEmpty(s *openapi.Schema) bool {
	switch s.Type() {
	case "integer", "number", "boolean":
		return true
	case "string":
		if v, ok := notMatching(s.Pattern); ok && v == "" {
			return true
		}
		return s.MinLength > 0 || (len(s.Enum) > 0 && !slices.Contains(s.Enum, any("")))
	}
	return false
}
