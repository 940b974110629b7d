package checks

import (
	"fmt"
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
)

// missingParam leaves out one required parameter of one location.
type missingParam struct {
	in string // query, header, cookie
}

func (c missingParam) Meta() Meta {
	return Meta{ID: "missing-" + c.in + "-param", Family: FamilyMissing, Input: true, Title: "Required " + c.in + " parameter left out",
		Description: "Leaves out each required " + c.in + " parameter in turn, everything else valid. The description makes the parameter required, so the server must reject the request with 400 or 422 (RFC 9110 §15.5.1), not answer 2xx or fail with a 5xx."}
}

func (c missingParam) Probes(g *Gen) []Probe {
	var out []Probe
	for _, op := range g.Spec.Operations {
		for _, p := range op.Parameters {
			if p.In != c.in || !p.Required || isAuthParam(op, p) {
				continue
			}
			b := g.newBuild(op)
			b.skip[p] = true
			desc := fmt.Sprintf("leave out required %s parameter %q", p.In, p.Name)
			out = append(out, probe(c, op, p.Name, desc, b.request(""), expect(op, classValidation)))
		}
	}
	return out
}

// isAuthParam reports whether p carries an API key the operation's security
// uses; leaving it out is a forbidden probe, not a missing-parameter one.
func isAuthParam(op *openapi.Operation, p *openapi.Parameter) bool {
	for _, alt := range op.Security {
		for _, s := range alt {
			if s.Type == "apiKey" && s.In == p.In && strings.EqualFold(s.Param, p.Name) {
				return true
			}
		}
	}
	return p.In == "header" && strings.EqualFold(p.Name, "Authorization")
}

type missingField struct{}

func (missingField) Meta() Meta {
	return Meta{ID: "missing-body-field", Family: FamilyMissing, Input: true, Title: "Required body property left out",
		Description: "Leaves out each required property of the JSON body in turn, at every depth (to 3 levels; an optional parent is sent so its required child can be left out), and each required field (part) of a multipart/form-data or application/x-www-form-urlencoded body. The schema requires it, so the server must answer 400 or 422."}
}

func (c missingField) Probes(g *Gen) []Probe {
	return append(c.jsonProbes(g), missingFormFields(g, c)...)
}

func (c missingField) jsonProbes(g *Gen) []Probe {
	return eachField(g, func(op *openapi.Operation, body any, f field) []Probe {
		if !f.required || f.isItem() {
			return nil // an item is not left out but broken (malformed-field-*)
		}
		b := g.newBuild(op)
		b.body = mustJSON(setAt(body, f, nil, true))
		return []Probe{probe(c, op, f.name(), fmt.Sprintf("leave out required body property %q", f.name()), b.request(""), expect(op, classValidation))}
	})
}

type missingBody struct{}

func (missingBody) Meta() Meta {
	return Meta{ID: "missing-body", Family: FamilyMissing, Input: true, Title: "Required body left out",
		Description: "Sends no body (and no Content-Type) to an operation whose request body is required. The server must answer 400, 415 or 422; where the schema admits an empty value ({} requiring nothing, [] without minItems), accepting it is a warning."}
}

func (c missingBody) Probes(g *Gen) []Probe {
	var out []Probe
	for _, op := range g.Spec.Operations {
		if op.Body == nil || !op.Body.Required {
			continue
		}
		b := g.newBuild(op)
		b.noBody = true
		exp := expect(op, classContentType)
		acceptAsEmpty(&exp, op.Body.Schema)
		out = append(out, probe(c, op, "", "send no request body", b.request(""), exp))
	}
	return out
}
