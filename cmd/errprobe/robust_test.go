package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/internal/hostile"
)

// pingSpec writes a description with one ping-like operation per path:
// GET PATH?n=INTEGER, n at least 1.
func pingSpec(t *testing.T, paths ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: Hostile, version: \"1\"}\npaths:\n")
	for _, p := range paths {
		fmt.Fprintf(&b, `  %s:
    get:
      parameters:
        - {name: n, in: query, required: true, schema: {type: integer, minimum: 1}}
      responses:
        "200": {description: pong}
        "400": {description: bad request, content: {application/problem+json: {schema: {type: object}}}}
`, p)
	}
	path := filepath.Join(t.TempDir(), "openapi.yaml")
	writeTestFile(t, path, b.String())
	return path
}

// pinger answers GET ?n=INTEGER≥1 with 200 and anything else the way a
// careful API does.
func pinger(w http.ResponseWriter, r *http.Request) {
	problem := func(status int) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if status == 405 {
			w.Header().Set("Allow", "GET")
		}
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"title":%q,"status":%d}`, http.StatusText(status), status)
	}
	if r.Method != http.MethodGet {
		problem(405)
		return
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("n")); err != nil || n < 1 {
		problem(400)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `{"pong":true}`)
}

// robustReport is what the tests read of a JSON report.
type robustReport struct {
	Complete   bool     `json:"complete"`
	StopReason string   `json:"stopReason"`
	Warnings   []string `json:"warnings"`
	Summary    struct {
		Probes   int    `json:"probes"`
		Controls int    `json:"controls"`
		Verdict  string `json:"verdict"`
	} `json:"summary"`
	Results []struct {
		ID        string `json:"id"`
		Outcome   string `json:"outcome"`
		Reason    string `json:"reason"`
		Error     string `json:"error"`
		Curl      string `json:"curl"`
		Operation struct {
			Path string `json:"path"`
		} `json:"operation"`
		Violations []struct {
			Rule, Severity, Message string
		} `json:"violations"`
	} `json:"results"`
}

// runCLI runs errprobe with args and every report format written to dir.
func runCLI(t *testing.T, dir string, args ...string) (int, robustReport, string) {
	t.Helper()
	for _, f := range []string{"json", "junit", "sarif", "markdown", "html"} {
		args = append(args, "--report", f+"="+filepath.Join(dir, "report."+f))
	}
	var stdout, stderr bytes.Buffer
	// -v: the terminal lists every operation's probes, the passing ones too.
	code := run(context.Background(), append(append([]string{"errprobe"}, args...), "--report", "terminal", "--no-color", "-v"), &stdout, &stderr)
	var rep robustReport
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatalf("exit %d, no JSON report: %v\n%s", code, err, stderr.String())
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != rep.Summary.Probes+rep.Summary.Controls || rep.Summary.Probes == 0 {
		t.Errorf("JSON report: %d results, summary says %d probes and %d controls", len(rep.Results), rep.Summary.Probes, rep.Summary.Controls)
	}
	var junit struct {
		Cases []struct{} `xml:"testsuite>testcase"`
	}
	data, _ = os.ReadFile(filepath.Join(dir, "report.junit"))
	if err := xml.Unmarshal(data, &junit); err != nil || len(junit.Cases) == 0 {
		t.Errorf("JUnit report: %d test cases, %v", len(junit.Cases), err)
	}
	var sarif map[string]any
	data, _ = os.ReadFile(filepath.Join(dir, "report.sarif"))
	if err := json.Unmarshal(data, &sarif); err != nil {
		t.Errorf("SARIF report: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "report.html")); !bytes.Contains(data, []byte("/z-good")) {
		t.Errorf("HTML report does not show /z-good")
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "report.markdown")); len(data) == 0 {
		t.Errorf("empty Markdown report")
	}
	if !strings.Contains(stdout.String(), "/z-good") {
		t.Errorf("terminal report does not show /z-good:\n%s", stdout.String())
	}
	return code, rep, stderr.String()
}

// One route per protocol-level attack and a well-behaved route that sorts
// after them: each attack is a finding on its operation, the good route is
// fully audited, every report is complete, exit 1.
func TestHostileRoutes(t *testing.T) {
	hostileRoutes := map[string]http.Handler{
		"/a-early-hints":   hostile.EarlyHints(100_000),
		"/b-header-line":   hostile.HugeHeaderLine(10 << 20),
		"/c-challenge":     hostile.HugeChallenge(1 << 20),
		"/d-bad-chunk":     hostile.BadChunk(),
		"/e-no-status":     hostile.NoStatusLine(),
		"/f-redirect-loop": hostile.RedirectLoop(),
	}
	paths := []string{"/z-good"}
	for p := range hostileRoutes {
		paths = append(paths, p)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h, ok := hostileRoutes[r.URL.Path]; ok {
			h.ServeHTTP(w, r)
			return
		}
		if r.URL.Path != "/z-good" {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(404)
			fmt.Fprint(w, `{"title":"Not Found","status":404}`)
			return
		}
		pinger(w, r)
	}))
	t.Cleanup(srv.Close)
	code, rep, stderr := runCLI(t, t.TempDir(), "run", "--spec", pingSpec(t, paths...), "--target", srv.URL, "--follow-redirects", "--timeout", "3s")
	if code != exitViolations {
		t.Fatalf("exit %d, want %d\n%s", code, exitViolations, stderr)
	}
	if !rep.Complete {
		t.Errorf("run incomplete: %s", rep.StopReason)
	}
	malformed := map[string]bool{}
	for _, r := range rep.Results {
		if r.Error != "" && r.Outcome == "error" {
			t.Errorf("%s could not test: %s", r.ID, r.Error)
		}
		for _, v := range r.Violations {
			if v.Rule == "malformed-response" {
				malformed[r.Operation.Path] = true
			}
		}
		if r.Operation.Path == "/z-good" && (r.Outcome == "skip" || r.Outcome == "error") {
			t.Errorf("%s: %s (%s)", r.ID, r.Outcome, r.Reason)
		}
	}
	for p := range hostileRoutes {
		if !malformed[p] {
			t.Errorf("%s: no malformed-response finding", p)
		}
	}
}

// A probe that takes the target down: target-crashed naming it, the rest
// skipped with the reason, complete reports, exit 1.
func TestTargetCrashedRun(t *testing.T) {
	m := &hostile.Mortal{Next: http.HandlerFunc(pinger), Die: func(r *http.Request) bool {
		return r.URL.Path == "/a-dies" && r.URL.Query().Get("n") == "0" // the minimum-1 boundary probe
	}}
	base, err := m.Listen()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	code, rep, stderr := runCLI(t, t.TempDir(), "run", "--spec", pingSpec(t, "/a-dies", "/z-good"), "--target", base, "-c", "1")
	if code != exitViolations || !strings.Contains(stderr, "target crashed: the target stopped answering after ") {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitViolations, stderr)
	}
	var crashed string
	for _, r := range rep.Results {
		for _, v := range r.Violations {
			if v.Rule == "target-crashed" {
				crashed = r.ID
				if v.Severity != "error" || r.Curl == "" || !strings.Contains(r.Curl, "n=0") {
					t.Errorf("%s: %+v, curl %q", r.ID, v, r.Curl)
				}
			}
		}
		if r.Operation.Path == "/z-good" && !strings.Contains(r.ID, "control") && (r.Outcome != "skip" || !strings.Contains(r.Reason, "stopped answering after "+crashed)) {
			t.Errorf("%s: %s (%s)", r.ID, r.Outcome, r.Reason)
		}
	}
	if crashed == "" {
		t.Fatal("no target-crashed finding")
	}
	if !strings.Contains(rep.StopReason, "stopped answering after "+crashed) {
		t.Errorf("stop reason %q does not name %s", rep.StopReason, crashed)
	}
	if !strings.Contains(strings.Join(rep.Warnings, "\n"), "the last answered request") {
		t.Errorf("warnings do not name the last answered request: %q", rep.Warnings)
	}
}
