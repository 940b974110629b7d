package checks

import (
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/schemas"
)

// Error body shapes RunView.Shape takes besides "json:{members}" and a
// media type such as "text/html".
const (
	ShapeProblem     = "problem+json"  // an RFC 9457 problem, whatever its media type
	ShapeEmpty       = "empty"         // no body
	ShapeInvalidJSON = "invalid-json"  // declared JSON, does not parse
	ShapeUntyped     = "no-media-type" // a body without a Content-Type
	ShapeJSONArray   = "json:array"    // a JSON array
	ShapeJSONScalar  = "json:scalar"   // a JSON string, number, boolean or null
	shapeObjectPfx   = "json:{"        // prefix of an object's sorted member names
)

// RunView is the compact record of one answered error that the run-level
// rules need; View computes it from a result.
type RunView struct {
	ProbeID string
	CheckID string
	Family  Family
	// Op is the operation key, "GET /users/{id}".
	Op string
	// Router is set for probes of routes the description does not declare
	// (unknown paths, undeclared methods): the router answers those.
	Router bool
	Status int
	// Shape is the signature of the error body: ShapeProblem,
	// "json:{error,message,status}", "text/plain", ShapeEmpty...
	Shape string
	// Documented is set when the body validates against the schema the
	// description documents for the operation and status: the description
	// chose that shape, so it is not an inconsistency of the implementation.
	Documented bool
	// ProblemType and ProblemTitle are a problem body's type and title.
	ProblemType, ProblemTitle string
	// Style is the recognised error style of a JSON body (see contract.go).
	Style string
}

// View returns the run-level record of a result, or a zero RunView (no
// shape) when the result is not an answered error. It runs the judge's body
// path; JudgeView gives the same record while judging, and the engine
// stores it on Result.View, so a run decodes each body once.
func (j *Judge) View(res Result) RunView {
	r := res.Response
	if r == nil || res.Err != nil || res.Skipped {
		return RunView{}
	}
	g := j.exchange(res.Probe, r)
	defer g.release()
	return j.view(&g.x) // the violations are Judge's business
}

// newView is the part of a run-level record that needs no body.
func newView(p Probe, r *Response) RunView {
	return RunView{ProbeID: p.ID, CheckID: p.CheckID, Family: p.Family, Op: p.Op.Key(), Router: routerProbe(p), Status: r.Status}
}

// viewJSON fills a view from a decoded JSON body. sch and fails are the
// schema the judge validated doc against and the failures it found: when
// sch is the schema documented for the status, the result is reused.
func (j *Judge) viewJSON(v *RunView, p Probe, status int, mt string, doc any, sch *schemas.Schema, fails []schemas.Failure) {
	v.Shape = shapeOf(mt, doc)
	if j.styleLeft.Add(-1) >= 0 {
		v.Style = styleOf(doc) // the contract is learned from the first answers
	}
	if obj, ok := doc.(map[string]any); ok && isProblem(mt, obj) {
		v.ProblemType, _ = obj["type"].(string)
		v.ProblemTitle, _ = obj["title"].(string)
	}
	if sch != nil && p.Op != nil {
		if d := p.Op.ResponseFor(status); d != nil && d.Schema != nil && j.compiled(d.Schema) == sch {
			v.Documented = len(fails) == 0
			return
		}
	}
	v.Documented = j.documentedShape(p.Op, status, doc)
}

// documentedShape reports whether doc validates against the error schema
// the operation documents for status or, failing that, against any error
// schema it documents: the description chose that shape for the operation.
func (j *Judge) documentedShape(op *openapi.Operation, status int, doc any) bool {
	if op == nil {
		return false
	}
	valid := func(d *openapi.Response) bool {
		if d == nil || d.Schema == nil {
			return false
		}
		s := j.compiled(d.Schema)
		return s != nil && len(s.Validate(doc)) == 0
	}
	if d := op.ResponseFor(status); d != nil {
		return valid(d)
	}
	for _, d := range op.Responses {
		if (strings.HasPrefix(d.Status, "4") || strings.HasPrefix(d.Status, "5")) && valid(d) {
			return true
		}
	}
	return false
}

// routerProbe reports whether p targets a route the description does not
// declare: an unknown-route probe on a synthetic operation, which has no
// responses (a described operation always documents some).
func routerProbe(p Probe) bool {
	return p.Family == FamilyUnknown && (p.Op == nil || len(p.Op.Responses) == 0)
}

func shapeOf(mt string, doc any) string {
	switch d := doc.(type) {
	case map[string]any:
		if looksLikeProblem(d) {
			return ShapeProblem
		}
		keys := make([]string, 0, len(d))
		for k := range d {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return shapeObjectPfx + strings.Join(keys, ",") + "}"
	case []any:
		return ShapeJSONArray
	}
	return ShapeJSONScalar
}

// RunLevel applies the rules that need the whole run, error-shape-consistency
// and problem-title-consistency, to the views of every result (index i of
// views is result i). It returns the extra violations by result index. The
// verdicts depend only on the set of views, not on their order, so results
// arriving in a different order get the same violations.
func (j *Judge) RunLevel(views []RunView) map[int][]Violation {
	out := map[int][]Violation{}
	for _, r := range RunRules() {
		if j.skip[r.ID] {
			continue
		}
		r.Check(j, views, func(i int, msg string) {
			if v, ok := j.Violation(r.ID, views[i].CheckID, "", msg); ok {
				out[i] = append(out[i], v)
			}
		})
	}
	return out
}

// dominant returns the most common key of counts, ties broken by the
// smallest key, and its count.
func dominant(counts map[string]int) (string, int) {
	best, n := "", 0
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		if counts[k] > n {
			best, n = k, counts[k]
		}
	}
	return best, n
}
