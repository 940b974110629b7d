package checks

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

func TestView(t *testing.T) {
	t.Parallel()
	j := newTestJudge(t, SchemaAuto)
	simple := &openapi.Schema{Types: []string{"object"}, Required: []string{"error"},
		Properties: map[string]*openapi.Schema{"error": {Types: []string{"string"}}}}
	op := &openapi.Operation{Method: "GET", Path: "/books", Responses: []*openapi.Response{{Status: "400", Schema: simple}}}
	res := func(method string, status int, ctype, body string) Result {
		return Result{
			Probe:    Probe{ID: "p", CheckID: "c", Family: FamilyMalformed, Op: op, Request: Request{Method: method}},
			Response: &Response{Status: status, Header: http.Header{"Content-Type": {ctype}}, Body: []byte(body)},
		}
	}
	for _, tt := range []struct {
		name string
		res  Result
		want RunView
	}{
		{"problem", res("GET", 404, "application/problem+json", `{"type":"https://x/nf","title":"Not Found","status":404}`),
			RunView{Shape: ShapeProblem, ProblemType: "https://x/nf", ProblemTitle: "Not Found", Style: "problem"}},
		{"problem members as application/json", res("GET", 404, "application/json", `{"title":"Not Found","status":404}`),
			RunView{Shape: ShapeProblem, ProblemTitle: "Not Found", Style: "problem"}},
		{"documented simple error", res("GET", 400, "application/json", `{"message":"bad","error":"bad_request"}`),
			RunView{Shape: "json:{error,message}", Documented: true, Style: "simple"}},
		{"documented shape for another status", res("GET", 409, "application/json", `{"error":"conflict"}`),
			RunView{Shape: "json:{error}", Documented: true, Style: "error"}},
		{"undocumented shape", res("GET", 400, "application/json", `{"detail":"bad"}`), RunView{Shape: "json:{detail}", Style: "detail"}},
		{"array", res("GET", 400, "application/json", `[1]`), RunView{Shape: ShapeJSONArray}},
		{"invalid JSON", res("GET", 400, "application/json", `{`), RunView{Shape: ShapeInvalidJSON}},
		{"text", res("GET", 404, "text/plain; charset=utf-8", "404 page not found"), RunView{Shape: "text/plain"}},
		{"no media type", res("GET", 404, "", "404 page not found"), RunView{Shape: ShapeUntyped}},
		{"empty", res("GET", 404, "application/json", " "), RunView{Shape: ShapeEmpty}},
		{"HEAD is not judged", res("HEAD", 404, "", ""), RunView{}},
		{"success is not an error", res("GET", 200, "application/json", `{}`), RunView{}},
		{"router answer", Result{Probe: Probe{ID: "p", CheckID: "c", Family: FamilyUnknown, Op: &openapi.Operation{Method: "GET", Path: "/x"},
			Request: Request{Method: "GET"}}, Response: &Response{Status: 404, Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte("404 page not found")}},
			RunView{Shape: "text/plain", Router: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := j.View(tt.res)
			if tt.want.Shape != "" {
				tt.want.ProbeID, tt.want.CheckID, tt.want.Family, tt.want.Status = "p", "c", tt.res.Probe.Family, tt.res.Response.Status
				tt.want.Op = tt.res.Probe.Op.Key()
			}
			if got != tt.want {
				t.Errorf("View = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// view is a shorthand for a RunView in the run-level tests.
func view(id string, f Family, shape string) RunView {
	return RunView{ProbeID: id, CheckID: strings.Split(id, ":")[0], Family: f, Router: f == FamilyUnknown, Status: 400, Shape: shape}
}

func problemView(id, typ, title string) RunView {
	v := view(id, FamilyMalformed, ShapeProblem)
	v.ProblemType, v.ProblemTitle = typ, title
	return v
}

func TestRunLevel(t *testing.T) {
	t.Parallel()
	documented := view("d:1", FamilyMalformed, "json:{error}")
	documented.Documented = true
	for _, tt := range []struct {
		name  string
		views []RunView
		want  map[string][]string // probe ID → rules
	}{
		{"one shape", []RunView{view("a:1", FamilyMalformed, ShapeProblem), view("b:1", FamilyUnknown, ShapeProblem), {}}, nil},
		{"router answers text (huma)", []RunView{
			view("a:1", FamilyMalformed, ShapeProblem), view("a:2", FamilyMissing, ShapeProblem), view("c:1", FamilyForbidden, ShapeProblem),
			view("u:1", FamilyUnknown, "text/plain"), view("u:2", FamilyUnknown, "text/plain"), view("u:3", FamilyUnknown, "text/plain"),
		}, map[string][]string{"u:1": {RuleShapeConsistency}, "u:2": {RuleShapeConsistency}, "u:3": {RuleShapeConsistency}}},
		{"a resource that cannot exist is the endpoint's answer", []RunView{
			view("a:1", FamilyMalformed, ShapeProblem), {ProbeID: "r:1", Family: FamilyUnknown, Status: 404, Shape: "text/plain"},
		}, map[string][]string{"r:1": {RuleShapeConsistency}}},
		{"auth layer answers another shape", []RunView{
			view("a:1", FamilyMalformed, "json:{detail}"), view("a:2", FamilyMalformed, "json:{detail}"), view("c:1", FamilyForbidden, "json:{message}"),
		}, map[string][]string{"c:1": {RuleShapeConsistency}}},
		{"tie broken by the smaller shape", []RunView{
			view("a:1", FamilyMalformed, "json:{b}"), view("a:2", FamilyMalformed, "json:{a}"),
		}, map[string][]string{"a:1": {RuleShapeConsistency}}},
		{"extra members are consistent", []RunView{
			view("a:1", FamilyMalformed, "json:{error,message}"), view("a:2", FamilyMalformed, "json:{error,message}"),
			view("a:3", FamilyMalformed, "json:{details,error,message}"),
		}, nil},
		{"documented shape is exempt", []RunView{view("a:1", FamilyMalformed, ShapeProblem), view("a:2", FamilyMalformed, ShapeProblem), documented}, nil},
		{"only router errors: no dominant shape", []RunView{view("u:1", FamilyUnknown, "text/plain"), view("u:2", FamilyUnknown, ShapeProblem)}, nil},
		{"one type, one title", []RunView{problemView("a:1", "https://x/v", "Invalid"), problemView("a:2", "https://x/v", "Invalid")}, nil},
		{"one type, two titles", []RunView{
			problemView("a:1", "https://x/v", "Invalid"), problemView("a:2", "https://x/v", "Invalid"), problemView("a:3", "https://x/v", "Bad input"),
		}, map[string][]string{"a:3": {RuleTitleConsistency}}},
		{"about:blank titles follow the status", []RunView{
			problemView("a:1", "about:blank", "Bad Request"), problemView("a:2", "about:blank", "Unprocessable Content"),
		}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			j := newTestJudge(t, SchemaAuto)
			got := byProbe(tt.views, j.RunLevel(tt.views))
			if !maps.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("RunLevel = %v, want %v", got, tt.want)
			}
			rev := slices.Clone(tt.views)
			slices.Reverse(rev)
			if again := byProbe(rev, j.RunLevel(rev)); !maps.EqualFunc(again, got, slices.Equal) {
				t.Errorf("RunLevel depends on result order: %v reversed, %v forward", again, got)
			}
		})
	}
}

func TestRunLevelMessagesAndSkip(t *testing.T) {
	t.Parallel()
	views := []RunView{
		problemView("a:1", "https://x/v", "Invalid"), problemView("a:2", "https://x/v", "Invalid"),
		problemView("a:3", "https://x/v", "Bad input"), view("u:1", FamilyUnknown, "text/plain"),
	}
	got := newTestJudge(t, SchemaAuto).RunLevel(views)
	msgs := fmt.Sprint(got[2], got[3])
	for _, want := range []string{`"Bad input"`, `"Invalid" in 2 other answers (e.g. a:1)`, "the router", "text/plain", "problem+json (3 of 3"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("messages %s lack %q", msgs, want)
		}
	}
	if s := got[3][0].Severity; s != SeverityWarning {
		t.Errorf("severity %v, want warning", s)
	}
	if got := newTestJudge(t, SchemaAuto, RuleShapeConsistency, RuleTitleConsistency).RunLevel(views); len(got) != 0 {
		t.Errorf("skipped rules still reported: %v", got)
	}
}

func byProbe(views []RunView, m map[int][]Violation) map[string][]string {
	out := map[string][]string{}
	for i, vs := range m {
		out[views[i].ProbeID] = ruleSet(vs)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
