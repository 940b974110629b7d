package report_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/report"
)

// answer builds a judged result on op with one response and the rules it broke.
func answer(id, check, family, op string, status int, ct, body string, headers map[string]string, rules ...string) report.Result {
	method, path, _ := cutOp(op)
	h := map[string]string{"Content-Type": ct}
	for k, v := range headers {
		h[k] = v
	}
	r := report.Result{
		ID: id, Check: check, Family: family, Operation: report.Operation{Method: method, Path: path},
		RequestID: "errprobe-" + id, Curl: "curl http://127.0.0.1:1234" + path, Outcome: report.OutcomeFail,
		Response: &report.Response{Status: status, Headers: h, Body: body},
	}
	for _, rule := range rules {
		r.Violations = append(r.Violations, report.Violation{Rule: rule, Severity: "error", Message: rule + " on " + id})
	}
	return r
}

func cutOp(op string) (string, string, bool) {
	for i := range op {
		if op[i] == ' ' {
			return op[:i], op[i+1:], true
		}
	}
	return op, "", false
}

func causeRun(port int, reverse bool) *report.Run {
	nosniff := map[string]string{}
	banner := map[string]string{"Server": "Werkzeug/3.0.1 Python/3.11.2"}
	results := []report.Result{
		answer("method-not-allowed:PUT /a", "method-not-allowed", "unknown-route", "PUT /a", 500, "text/html", "<h1>boom</h1>", banner, "server-error", "error-content-type"),
		answer("method-not-allowed:PUT /b", "method-not-allowed", "unknown-route", "PUT /b", 500, "text/html", "<h1>boom</h1>", banner, "server-error", "error-content-type"),
		answer("auth-missing:GET /a", "auth-missing", "forbidden", "GET /a", 403, "application/json", `{"error":"x","message":"y"}`, nosniff, "status-expected", "nosniff-header"),
		answer("auth-invalid:GET /b", "auth-invalid", "forbidden", "GET /b", 403, "application/json", `{"message":"z","error":"w"}`, nosniff, "status-expected", "nosniff-header"),
		answer("malformed-param-type:GET /a", "malformed-param-type", "malformed", "GET /a", 400, "application/json", `{"error":"x"}`, map[string]string{"Server": "nginx/1.25.3"}, "version-disclosure"),
	}
	for i := range results {
		results[i].RequestID = fmt.Sprintf("errprobe-%d-%d", port, i)
		results[i].Curl = fmt.Sprintf("curl http://127.0.0.1:%d%s", port, results[i].Operation.Path)
	}
	if reverse {
		slices.Reverse(results)
	}
	r := &report.Run{FailOn: "error", Complete: true, Target: fmt.Sprintf("http://127.0.0.1:%d", port), Results: results}
	r.Finish()
	return r
}

func TestCausesGroupAndFingerprintStably(t *testing.T) {
	t.Parallel()
	a, b := causeRun(1234, false), causeRun(5678, true)
	fps := func(r *report.Run) []string {
		var out []string
		for _, c := range r.Causes {
			out = append(out, c.Rule+" "+c.Fingerprint)
		}
		return out
	}
	if !slices.Equal(fps(a), fps(b)) {
		t.Errorf("fingerprints depend on order or port:\n%v\n%v", fps(a), fps(b))
	}
	want := map[string]struct{ count, ops int }{
		"server-error":       {2, 2}, // one catch-all handler on two operations
		"error-content-type": {2, 2},
		"status-expected":    {2, 2}, // no and invalid credentials are one kind of mistake
		"nosniff-header":     {2, 2}, // a fact about the whole API, said once
		"version-disclosure": {1, 1},
	}
	if len(a.Causes) != len(want) {
		t.Fatalf("%d causes, want %d: %v", len(a.Causes), len(want), fps(a))
	}
	for _, c := range a.Causes {
		w := want[c.Rule]
		if c.Count != w.count || len(c.Operations) != w.ops {
			t.Errorf("%s: %d answers on %d operations, want %d on %d", c.Rule, c.Count, len(c.Operations), w.count, w.ops)
		}
		if c.Remedy == "" || c.Example.Curl == "" || c.Example.Probe == "" {
			t.Errorf("%s: example or remedy missing: %+v", c.Rule, c)
		}
	}
	for _, res := range a.Results {
		for _, v := range res.Violations {
			if v.Cause == "" {
				t.Errorf("%s %s links to no cause", res.ID, v.Rule)
			}
		}
	}
}

func TestCausesSplitWhatDiffers(t *testing.T) {
	t.Parallel()
	r := causeRun(1, false)
	r.Results = append(r.Results,
		answer("malformed-param-type:GET /c", "malformed-param-type", "malformed", "GET /c", 400, "application/json", `{}`,
			map[string]string{"Server": "Apache/2.4.1"}, "version-disclosure"),
		answer("method-not-allowed:PUT /c", "method-not-allowed", "unknown-route", "PUT /c", 502, "text/html", "bad gateway", nil, "server-error"))
	r.Finish()
	n := map[string]int{}
	for _, c := range r.Causes {
		n[c.Rule]++
	}
	if n["version-disclosure"] != 2 || n["server-error"] != 2 {
		t.Errorf("causes per rule %v: two banners and two statuses are two causes each", n)
	}
}

func TestCausesWorstFirst(t *testing.T) {
	t.Parallel()
	r := causeRun(1, false)
	r.Results[0].Violations = append(r.Results[0].Violations, report.Violation{Rule: "problem-content-type", Severity: "info", Message: "m"})
	r.Results[2].Violations[1].Severity = "warning"
	r.Finish()
	last := 4
	rank := map[string]int{"error": 3, "warning": 2, "info": 1}
	for i, c := range r.Causes {
		if rank[c.Severity] > last {
			t.Errorf("cause %d (%s, %s) after a less severe one", i, c.Rule, c.Severity)
		}
		last = rank[c.Severity]
	}
	if first := r.Causes[0]; len(first.Operations) != 2 {
		t.Errorf("first cause %s touches %d operations; broadest first", first.Rule, len(first.Operations))
	}
}

func TestCausesUseTheRecognisedFrameworkFix(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, preset, server, want string }{
		{"werkzeug banner", "", "Werkzeug/3.0.1 Python/3.11.2", "flask"},
		{"preset given wins", "spring", "Werkzeug/3.0.1", "spring"},
		{"no banner", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			run := &report.Run{FailOn: "error", Complete: true, Preset: tt.preset, Results: []report.Result{
				answer("method-not-allowed:PUT /a", "method-not-allowed", "unknown-route", "PUT /a", 500, "text/html", "x",
					map[string]string{"Server": tt.server}, "server-error"),
			}}
			run.Finish()
			c := run.Causes[0]
			if c.Preset != tt.want {
				t.Errorf("cause preset %q, want %q", c.Preset, tt.want)
			}
			if tt.want == "flask" && !strings.Contains(c.Remedy, "HTTPException") {
				t.Errorf("remedy is not Flask's: %s", c.Remedy)
			}
		})
	}
}

func TestMoveLongBodies(t *testing.T) {
	t.Parallel()
	long := `{"name":"` + strings.Repeat("[", 400) + `"}`
	run := causeRun(1, false)
	run.Results[0].Request.Body = long
	run.Results[0].Curl = "curl -X POST 'http://127.0.0.1:1/a' --data-binary '" + long + "'"
	run.Results[1].Request.Body = "short"
	run.Results[1].Curl = "curl -X POST 'http://127.0.0.1:1/a' --data-binary 'short'"
	run.Finish()
	files := run.MoveLongBodies("out/bodies")
	moved := 0
	for _, c := range run.Causes {
		if c.Example.Probe != run.Results[0].ID {
			if strings.Contains(c.Example.Curl, "@") {
				t.Errorf("%s: short curl line moved: %s", c.Rule, c.Example.Curl)
			}
			continue
		}
		moved++
		want := "--data-binary '@out/bodies/" + c.Fingerprint + ".body'"
		if !strings.HasSuffix(c.Example.Curl, want) || len(c.Example.Curl) > 300 {
			t.Errorf("%s: curl %q, want it to end in %s", c.Rule, c.Example.Curl, want)
		}
	}
	if moved == 0 || len(files) != moved {
		t.Fatalf("%d files for %d moved lines", len(files), moved)
	}
	for _, f := range files {
		if f.Body != long || !strings.HasPrefix(f.Path, "out/bodies/") {
			t.Errorf("file %s holds %d bytes, want the whole body", f.Path, len(f.Body))
		}
	}
}

func TestCauseExampleIsTheFirstWorstAnswer(t *testing.T) {
	t.Parallel()
	capped := answer("malformed-accept:GET /a", "malformed-accept", "malformed", "GET /a", 200, "application/json", `{}`, nil, "negative-accepted")
	capped.Violations[0].Severity = "info"
	run := &report.Run{FailOn: "error", Complete: true, Results: []report.Result{
		capped,
		answer("malformed-param-type:GET /b", "malformed-param-type", "malformed", "GET /b", 200, "application/json", `{}`, nil, "negative-accepted"),
	}}
	run.Finish()
	if len(run.Causes) != 1 {
		t.Fatalf("%d causes, want 1", len(run.Causes))
	}
	c := run.Causes[0]
	if c.Example.Probe != "malformed-param-type:GET /b" || c.Severity != "error" || c.Count != 2 || c.Failing != 1 {
		t.Errorf("cause %+v: want the failing answer as example, error, 2 answers, 1 failing", c)
	}
}
