package checks

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
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
	matches := g.matchesAllPaths
	if g.AllPaths == nil {
		var templates []string
		for _, p := range g.Spec.Paths {
			templates = append(templates, p.Template)
		}
		matches = func(path string) bool { return matchesAny(templates, path) }
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
		sent := strings.TrimRight(g.expandPath(p.Template), "/") + "/" + leaf
		if matches(sent) {
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
		Description: "Sends each standard method (PATCH, PUT, POST, DELETE) the description does not declare for a real path. RFC 9110 §15.5.6: 405 Method Not Allowed, with an Allow header listing the supported methods."}
}

// candidateMethods are the standard methods a path may lack; each one it
// lacks is sent. HEAD and OPTIONS are left out: RFC 9110 makes HEAD
// implicit wherever GET is, and OPTIONS is answered by most servers.
var candidateMethods = []string{"PATCH", "PUT", "POST", "DELETE"}

func (c methodNotAllowed) Probes(g *Gen) []Probe {
	var out []Probe
	for _, p := range g.Spec.Paths {
		sent := g.expandPath(p.Template)
		for _, m := range candidateMethods {
			if slices.Contains(p.Methods, m) {
				continue
			}
			op := &openapi.Operation{Method: m, Path: p.Template}
			req := Request{Method: m, Path: sent, Header: acceptJSON()}
			exp := expect(op, classMethod)
			exp.Allow = p.Methods
			desc := fmt.Sprintf("send %s, which the path declares only %s for", m, strings.Join(p.Methods, ", "))
			if sib := templatedSibling(g.Spec.Paths, p.Template, m); sib != "" {
				// DELETE /runners/registration-token may reach DELETE
				// /runners/{id}: what that route answers for a value that
				// names nothing is right too.
				exp.Statuses = slices.Sorted(slices.Values(append(exp.Statuses, 400, 404, 422)))
				exp.AcceptedCap = SeverityWarning
				exp.AcceptedWhy = fmt.Sprintf("%s %s matches this path too and may serve it", m, sib)
				desc += fmt.Sprintf(" (%s %s also matches it)", m, sib)
			}
			out = append(out, probe(c, op, "", desc, req, exp))
		}
	}
	return out
}

// templatedSibling returns another path template that matches the literal
// path and declares method (/runners/{id} for /runners/registration-token),
// or "".
func templatedSibling(paths []*openapi.Path, literal, method string) string {
	segs := strings.Split(literal, "/")
	for _, q := range paths {
		if q.Template == literal || !strings.Contains(q.Template, "{") || !slices.Contains(q.Methods, method) {
			continue
		}
		qs := strings.Split(q.Template, "/")
		if len(qs) != len(segs) {
			continue
		}
		match := true
		for i := range qs {
			if qs[i] != segs[i] && !(strings.HasPrefix(qs[i], "{") && strings.HasSuffix(qs[i], "}") && !strings.Contains(segs[i], "{")) {
				match = false
				break
			}
		}
		if match {
			return q.Template
		}
	}
	return ""
}

type trailingSlash struct{}

func (trailingSlash) Meta() Meta {
	return Meta{ID: "unknown-trailing-slash", Family: FamilyUnknown, Title: "Trailing-slash variant of a route", Severity: SeverityInfo,
		Description: "Requests a real GET route with a trailing slash added. Many frameworks treat both forms alike or redirect, which RFC 3986 allows, so findings are informational: the answer should still never be a 5xx or a non-JSON error."}
}

func (c trailingSlash) Probes(g *Gen) []Probe {
	var out []Probe
	for _, op := range g.Spec.Operations {
		if op.Method != "GET" || strings.HasSuffix(op.Path, "/") || len(out) > maxNestedUnknown {
			continue
		}
		sent := g.expandPath(op.Path) + "/"
		if g.matchesAllPaths(sent) {
			continue
		}
		syn := &openapi.Operation{Method: "GET", Path: op.Path + "/"}
		req := Request{Method: "GET", Path: sent, Header: acceptJSON()}
		exp := expect(syn, classNotFound)
		exp.Statuses = append(exp.Statuses, 301, 308)
		out = append(out, probe(c, op, "", "request "+sent+" (the route with a trailing slash)", req, exp))
	}
	return out
}

type missingResource struct{}

func (missingResource) Meta() Meta {
	return Meta{ID: "unknown-resource", Family: FamilyUnknown, Title: "Resource that cannot exist",
		Description: "Calls a real route with its last path parameter set to an identifier of the right type that cannot exist (the largest allowed integer, a random but reproducible UUID, an errprobe token), everything else valid: GET, DELETE, PATCH and POST always, PUT with the parent's identifier where the operation does not document 404 (RFC 9110 §9.3.4 lets PUT create the resource its path names). RFC 9110 §15.5.5: 404 Not Found, as a JSON error; a DELETE that succeeds where the operation documents no 404 is a warning (RFC 9110 §9.3.5, idempotent DELETE)."}
}

func (c missingResource) Probes(g *Gen) []Probe {
	var out []Probe
	for _, op := range g.Spec.Operations {
		p := resourceParam(op)
		if p == nil || p.Schema == nil || len(p.Schema.Enum) > 0 {
			continue
		}
		v, ok := nonexistent(g, p.Schema)
		if !ok {
			continue
		}
		b := g.newBuild(op)
		b.params[p] = v
		desc := fmt.Sprintf("call %s with %s %q, which cannot exist", op.Path, p.Name, v)
		exp := expect(op, classNotFound)
		if op.Method == "DELETE" && op.Response("404") == nil {
			exp.AcceptedCap = SeverityWarning
			exp.AcceptedWhy = "the description documents no 404 here, and RFC 9110 §9.3.5 lets an idempotent DELETE of what is not there succeed"
		} else if op.Response("404") == nil {
			exp.Echoed = v
		}
		out = append(out, probe(c, op, p.Name, desc, b.request(""), exp))
	}
	return out
}

// resourceParam returns the path parameter whose unknown value must make
// op fail with 404: the one that comes last in the template, naming the
// resource the route is about. A PUT may create the resource its path
// ends with (RFC 9110 §9.3.4), so there it is the parent's parameter,
// unless the operation documents 404.
func resourceParam(op *openapi.Operation) *openapi.Parameter {
	switch op.Method {
	case "GET", "DELETE", "PATCH", "POST", "PUT":
	default:
		return nil
	}
	ps := pathParamsInOrder(op)
	if len(ps) == 0 {
		return nil
	}
	last := ps[len(ps)-1]
	if op.Method == "PUT" && strings.HasSuffix(op.Path, "{"+last.Name+"}") && op.Response("404") == nil {
		if len(ps) == 1 {
			return nil
		}
		return ps[len(ps)-2]
	}
	return last
}

// pathParamsInOrder returns op's path parameters in the order the
// template names them.
func pathParamsInOrder(op *openapi.Operation) []*openapi.Parameter {
	var ps []*openapi.Parameter
	for _, p := range op.Parameters {
		if p.In == "path" && strings.Contains(op.Path, "{"+p.Name+"}") {
			ps = append(ps, p)
		}
	}
	slices.SortStableFunc(ps, func(a, b *openapi.Parameter) int {
		return strings.Index(op.Path, "{"+a.Name+"}") - strings.Index(op.Path, "{"+b.Name+"}")
	})
	return ps
}

// nonexistent returns an identifier of the right type no real store holds,
// and false when the schema leaves no room for one errprobe is sure of.
func nonexistent(g *Gen, s *openapi.Schema) (string, bool) {
	switch s.Type() {
	case "integer":
		if s.Maximum != nil {
			return ParamString(*s.Maximum), true
		}
		return "2147483647", true
	case "number":
		return "2147483647", true
	case "boolean":
		return "", false
	}
	if s.Format == "uuid" {
		return g.uuid("resource"), true
	}
	v := "errprobe-missing-" + g.token("resource")
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	for uint64(len(v)) < s.MinLength {
		v += "x"
	}
	if s.Pattern != "" {
		re, err := regexp.Compile(s.Pattern)
		if err != nil || !re.MatchString(v) {
			return "", false // a malformed value, which malformed-param-constraint sends
		}
	}
	return v, true
}

// expandUncached fills a template's parameters with the user's values or
// sample values from the first operation that declares them.
func (g *Gen) expandUncached(template string) string {
	var ops []*openapi.Operation
	for _, op := range g.Spec.Operations {
		if op.Path == template {
			ops = append(ops, op)
		}
	}
	return g.fillTemplate(template, ops)
}

// fillTemplate is expandUncached given the operations of template, in order.
func (g *Gen) fillTemplate(template string, ops []*openapi.Operation) string {
	out := template
	for _, op := range ops {
		for _, p := range op.Parameters {
			if p.In != "path" {
				continue
			}
			v, ok := g.Values.lookup(op, p)
			if !ok {
				v = ParamString(SampleParam(p))
			}
			out = strings.ReplaceAll(out, "{"+p.Name+"}", url.PathEscape(v))
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
	segs := splitPath(path)
	for _, t := range templates {
		if segmentsMatch(splitPath(t), segs) {
			return true
		}
	}
	return false
}

// matchesSplit is matchesAny with templates already split by splitPath.
func matchesSplit(templates [][]string, path string) bool {
	segs := splitPath(path)
	for _, ts := range templates {
		if segmentsMatch(ts, segs) {
			return true
		}
	}
	return false
}

// segmentsMatch reports whether a template's segments match a path's: a
// segment with a parameter matches anything.
func segmentsMatch(ts, segs []string) bool {
	if len(ts) != len(segs) {
		return false
	}
	for i := range ts {
		if !strings.Contains(ts[i], "{") && ts[i] != segs[i] {
			return false
		}
	}
	return true
}

func acceptJSON() map[string][]string {
	return map[string][]string{"Accept": {"application/json, application/problem+json"}}
}
