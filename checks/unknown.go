package checks

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
)

// maxNestedUnknown bounds how many real routes get an unknown child probe.
const maxNestedUnknown = 3

type unknownPath struct{}

func (unknownPath) Meta() Meta {
	return Meta{ID: "unknown-path", Family: FamilyUnknown, Title: "Path the API does not serve",
		Description: "Requests a path under the base path, and paths nested under real routes, that the description does not declare. RFC 9110 §15.5.5: 404 Not Found, answered in the API's JSON error format rather than a framework's HTML page."}
}

func (c unknownPath) Probes(g *Gen) []Probe {
	templates := g.AllPaths
	if templates == nil {
		for _, p := range g.Spec.Paths {
			templates = append(templates, p.Template)
		}
	}
	leaf := "errprobe-" + g.token("unknown")
	out := []Probe{c.probe(g, "/*", "/"+leaf)}
	for _, p := range g.Spec.Paths {
		if len(out) > maxNestedUnknown {
			break
		}
		if p.Template == "/" {
			continue
		}
		sent := strings.TrimRight(expandPath(g.Spec, p.Template), "/") + "/" + leaf
		if matchesAny(templates, sent) {
			continue
		}
		out = append(out, c.probe(g, strings.TrimRight(p.Template, "/")+"/*", sent))
	}
	return out
}

func (c unknownPath) probe(g *Gen, idPath, sent string) Probe {
	op := &openapi.Operation{Method: "GET", Path: sent}
	req := Request{Method: "GET", Path: sent, Header: acceptJSON()}
	return Probe{
		ID: c.Meta().ID + ":GET " + idPath, CheckID: c.Meta().ID, Family: FamilyUnknown,
		Description: "request " + sent + ", which the description does not declare",
		Op:          op, Request: req, Expect: expect(op, classNotFound),
	}
}

type methodNotAllowed struct{}

func (methodNotAllowed) Meta() Meta {
	return Meta{ID: "method-not-allowed", Family: FamilyUnknown, Title: "Method the path does not declare",
		Description: "Sends a method the description does not declare for a real path. RFC 9110 §15.5.6: 405 Method Not Allowed, with an Allow header listing the supported methods."}
}

// candidateMethods are tried in order; the first the path lacks is sent.
var candidateMethods = []string{"PATCH", "PUT", "POST", "DELETE"}

func (c methodNotAllowed) Probes(g *Gen) []Probe {
	var out []Probe
	for _, p := range g.Spec.Paths {
		m := firstMissing(p.Methods)
		if m == "" {
			continue
		}
		sent := expandPath(g.Spec, p.Template)
		op := &openapi.Operation{Method: m, Path: p.Template}
		req := Request{Method: m, Path: sent, Header: acceptJSON()}
		exp := expect(op, classMethod)
		exp.Allow = p.Methods
		desc := fmt.Sprintf("send %s, which the path declares only %s for", m, strings.Join(p.Methods, ", "))
		out = append(out, probe(c, op, "", desc, req, exp))
	}
	return out
}

func firstMissing(declared []string) string {
	for _, m := range candidateMethods {
		found := false
		for _, d := range declared {
			if d == m {
				found = true
			}
		}
		if !found {
			return m
		}
	}
	return ""
}

// expandPath fills a template's parameters with sample values from the
// first operation that declares them.
func expandPath(spec *openapi.Spec, template string) string {
	out := template
	for _, op := range spec.Operations {
		if op.Path != template {
			continue
		}
		for _, p := range op.Parameters {
			if p.In == "path" {
				out = strings.ReplaceAll(out, "{"+p.Name+"}", url.PathEscape(ParamString(SampleParam(p))))
			}
		}
	}
	for strings.Contains(out, "{") && strings.Contains(out, "}") {
		i := strings.IndexByte(out, '{')
		j := strings.IndexByte(out[i:], '}')
		if j < 0 {
			break
		}
		out = out[:i] + "1" + out[i+j+1:]
	}
	return out
}

// matchesAny reports whether a concrete path matches one of the templates.
func matchesAny(templates []string, path string) bool {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, t := range templates {
		ts := strings.Split(strings.Trim(t, "/"), "/")
		if len(ts) != len(segs) {
			continue
		}
		ok := true
		for i := range ts {
			if !strings.Contains(ts[i], "{") && ts[i] != segs[i] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func acceptJSON() map[string][]string {
	return map[string][]string{"Accept": {"application/json, application/problem+json"}}
}
