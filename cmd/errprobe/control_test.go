package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/testapi"
	"github.com/errprobe/errprobe/report"
)

// hangsAfterControl serves the compliant fake API, except that POST /books
// answers only its first request (the control, sent before any probe) and
// never answers another: the endpoint hangs while every other route
// answers.
func hangsAfterControl() *httptest.Server {
	api := testapi.New(testapi.Options{})
	var seen atomic.Int64
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/books" && seen.Add(1) > 1 {
			io.Copy(io.Discard, r.Body) // read whole, so the server notices the client leave
			<-r.Context().Done()
			return
		}
		api.ServeHTTP(w, r)
	}))
}

// The control requests in a run, end to end through the CLI: what exit
// code and report each kind of target gets.
func TestControlRuns(t *testing.T) {
	spec := testapiSpec(t)
	compliant := httptest.NewServer(testapi.New(testapi.Options{}))
	defer compliant.Close()
	hanging := hangsAfterControl()
	defer hanging.Close()
	tests := []struct {
		name     string
		target   string
		args     []string
		exit     int
		stderr   string // in stderr
		complete bool
		check    func(t *testing.T, run *report.Run)
	}{
		{name: "compliant", target: compliant.URL, exit: exitOK, complete: true, check: func(t *testing.T, run *report.Run) {
			controls, reference := 0, false
			for _, r := range run.Results {
				if strings.HasSuffix(r.ID, ":unknown-route-reference") {
					reference = true
					if r.Outcome != report.OutcomePass || r.Response == nil || r.Response.Status != 404 {
						t.Errorf("reference: outcome %s, response %+v; want a pass with 404", r.Outcome, r.Response)
					}
					continue
				}
				if r.Family == string(checks.FamilyControl) && r.ID != checks.CheckControl+":"+r.Operation.Key() {
					continue // errprobe's own requests: a look-up before a fixture, a clean-up
				}
				if r.Family == string(checks.FamilyControl) {
					controls++
					if r.Outcome != report.OutcomePass || r.Response == nil || r.Response.Status >= 300 {
						t.Errorf("%s: outcome %s, response %+v", r.ID, r.Outcome, r.Response)
					}
				}
			}
			if controls != 5 || !reference {
				t.Errorf("%d controls (reference sent: %v), want one per operation (5) and the reference", controls, reference)
			}
		}},
		{name: "wrong base path", target: compliant.URL, args: []string{"--base-path", "/v2"}, exit: exitCannotRun, stderr: "the routes answer under / instead: give --base-path /", check: func(t *testing.T, run *report.Run) {
			for _, r := range run.Results {
				if r.Family != string(checks.FamilyControl) && (r.Outcome != report.OutcomeSkip || r.Response != nil) {
					t.Errorf("%s: outcome %s, sent %v; want not sent", r.ID, r.Outcome, r.Response != nil)
				}
				if len(r.Violations) > 0 {
					t.Errorf("%s: violations %v", r.ID, r.Violations)
				}
			}
			if !strings.Contains(run.StopReason, "routes not served") {
				t.Errorf("stop reason %q", run.StopReason)
			}
		}},
		{name: "hostile endpoint", target: hanging.URL, args: []string{"--timeout", "300ms"}, exit: exitViolations, complete: true, check: func(t *testing.T, run *report.Run) {
			var noResponse, breaker int
			for _, r := range run.Results {
				for _, v := range r.Violations {
					if v.Rule == checks.RuleNoResponse {
						noResponse++
						if r.Operation.Key() != "POST /books" {
							t.Errorf("%s: no-response on another endpoint", r.ID)
						}
					}
				}
				if strings.Contains(r.Reason, "breaker") {
					breaker++
				}
			}
			if noResponse == 0 || breaker == 0 {
				t.Errorf("%d no-response findings, %d probes skipped by the breaker; want both", noResponse, breaker)
			}
		}},
		{name: "path param value", target: compliant.URL, args: []string{"--path-param", "bookId=1", "--only", "unknown-resource"}, exit: exitOK, complete: true},
		{name: "path param unused", target: compliant.URL, args: []string{"--path-param", "nope=1", "--only", "unknown-path"}, exit: exitOK, complete: true, check: func(t *testing.T, run *report.Run) {
			if !strings.Contains(strings.Join(run.Warnings, "\n"), `no operation has a path parameter named "nope"`) {
				t.Errorf("warnings %q", run.Warnings)
			}
		}},
		{name: "path param malformed", target: compliant.URL, args: []string{"--path-param", "bookId"}, exit: exitUsage, stderr: "want NAME=VALUE"},
		{name: "query param as a path param points at --param", target: compliant.URL, args: []string{"--path-param", "limit=10", "--only", "unknown-path"}, exit: exitOK, complete: true, check: func(t *testing.T, run *report.Run) {
			if !strings.Contains(strings.Join(run.Warnings, "\n"), "it is a query parameter: give --param query:limit=VALUE") {
				t.Errorf("warnings %q", run.Warnings)
			}
		}},
		{name: "param for a query parameter", target: compliant.URL, args: []string{"--param", "query:limit=7", "--only", "control"}, exit: exitOK, complete: true, check: func(t *testing.T, run *report.Run) {
			for _, r := range run.Results {
				if r.Operation.Key() == "GET /books" && r.Check == "control" && !strings.Contains(r.Request.URL, "limit=7") {
					t.Errorf("%s sent %s, want limit=7", r.ID, r.Request.URL)
				}
			}
			if strings.Contains(strings.Join(run.Warnings, "\n"), "no operation has") {
				t.Errorf("warnings %q", run.Warnings)
			}
		}},
		{name: "param for a body field", target: compliant.URL, args: []string{"--param", "body:title=Dune", "--param", "body:year=1965", "--only", "control"}, exit: exitOK, complete: true, check: func(t *testing.T, run *report.Run) {
			sent := false
			for _, r := range run.Results {
				if r.Operation.Key() == "POST /books" && r.Check == "control" && r.Request.Method != "" {
					sent = true
					if !strings.Contains(r.Request.Body, `"title":"Dune"`) || !strings.Contains(r.Request.Body, `"year":1965`) {
						t.Errorf("%s sent %s, want title Dune and year 1965 as a number", r.ID, r.Request.Body)
					}
				}
			}
			if !sent || strings.Contains(strings.Join(run.Warnings, "\n"), "no operation has") {
				t.Errorf("control of POST /books sent: %v; warnings %q", sent, run.Warnings)
			}
		}},
		{name: "param for a body field misspelt", target: compliant.URL, args: []string{"--param", "body:titel=Dune", "--param", "isbn=1", "--only", "control"}, exit: exitOK, complete: true, check: func(t *testing.T, run *report.Run) {
			w := strings.Join(run.Warnings, "\n")
			if !strings.Contains(w, `no operation has a body field named "titel"`) || !strings.Contains(w, `no operation has a parameter named "isbn": its value is not used; it is a body field: give --param body:isbn=VALUE`) {
				t.Errorf("warnings %q", run.Warnings)
			}
		}},
		{name: "param malformed", target: compliant.URL, args: []string{"--param", "query:limit"}, exit: exitUsage, stderr: "want NAME=VALUE, e.g. query:limit=10"},
		{name: "path param unset env", target: compliant.URL, args: []string{"--path-param", "bookId=${ERRPROBE_TEST_UNSET_ID}"}, exit: exitUsage, stderr: "ERRPROBE_TEST_UNSET_ID is not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "run.json")
			code, _, stderr := errprobeCLI(t, auditArgs(spec, tt.target, append(tt.args, "--report", "json="+out)...)...)
			if code != tt.exit || !strings.Contains(stderr, tt.stderr) {
				t.Fatalf("exit %d, want %d; stderr want %q:\n%s", code, tt.exit, tt.stderr, stderr)
			}
			if tt.exit == exitUsage {
				if _, err := os.Stat(out); err == nil {
					t.Error("a usage error wrote a report")
				}
				return
			}
			run := readJSONReport(t, out)
			if run.Complete != tt.complete {
				t.Errorf("complete %v, want %v (%s)", run.Complete, tt.complete, run.StopReason)
			}
			if tt.check != nil {
				tt.check(t, run)
			}
		})
	}
}
