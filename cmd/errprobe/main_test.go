package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/errprobe/errprobe/examples/demoapi"
)

// pingAPI answers the testdata/ping.yaml description the way a careful API
// does: every mistake gets the right status and a problem+json body.
func pingAPI() http.Handler {
	problem := func(w http.ResponseWriter, status int, detail string) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"title":%q,"status":%d,"detail":%q}`, http.StatusText(status), status, detail)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path != "/ping":
			problem(w, 404, "no such route")
		case r.Method != http.MethodGet:
			w.Header().Set("Allow", "GET")
			problem(w, 405, "only GET")
		default:
			n, err := strconv.Atoi(r.URL.Query().Get("n"))
			if err != nil || n < 1 {
				problem(w, 400, "n must be a positive integer")
				return
			}
			fmt.Fprint(w, `{"pong":true}`)
		}
	})
}

func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

func TestExitCodes(t *testing.T) {
	good := httptest.NewServer(pingAPI())
	t.Cleanup(good.Close)
	demo := httptest.NewServer(demoapi.Handler())
	t.Cleanup(demo.Close)
	demoSpec := filepath.Join("..", "..", "examples", "demoapi", "openapi.yaml")
	admin := "Authorization: Bearer " + demoapi.AdminToken
	dir := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		exit   int
		stderr string
		stdout string
	}{
		{"version", []string{"version"}, exitOK, "", "errprobe "},
		{"version flag", []string{"--version"}, exitOK, "", "errprobe "},
		{"help", []string{}, exitOK, "", "USAGE"},
		{"unknown command", []string{"bogus"}, exitUsage, `unknown command "bogus"`, ""},
		{"missing flags", []string{"run"}, exitUsage, "no description", ""},
		{"missing target", []string{"run", "--spec", "testdata/ping.yaml"}, exitUsage, "no --target", ""},
		{"routes config", []string{"run", "--config", "testdata/routes.yaml", "--target", good.URL}, exitOK, "", "PASS"},
		{"file report keeps the terminal", []string{"run", "--spec", "testdata/ping.yaml", "--target", good.URL, "--report", "junit=" + filepath.Join(dir, "x.xml")}, exitOK, "", "PASS 0 causes failing"},
		{"defects reported by cause beside a file", []string{"run", "--spec", demoSpec, "--target", demo.URL, "--report", "json=" + filepath.Join(dir, "d.json")}, exitViolations, "", "fix: "},
		{"config unknown field", []string{"run", "--config", "testdata/badfield.yaml", "--target", good.URL}, exitUsage, "testdata/badfield.yaml:3: unknown key concurency; did you mean concurrency?", ""},
		{"config bad preset", []string{"run", "--config", "testdata/badpreset.yaml", "--target", good.URL}, exitUsage, "testdata/badpreset.yaml:3: preset: unknown preset \"flsk\"", ""},
		{"config bad check", []string{"run", "--config", "testdata/badexpect.yaml", "--target", good.URL}, exitUsage, "testdata/badexpect.yaml:4: expect[1].check: unknown check \"not-a-check\"", ""},
		{"missing config", []string{"run", "--config", "testdata/nope.yaml", "--target", good.URL}, exitUsage, "nope.yaml", ""},
		{"bad expect flag", []string{"run", "--spec", "testdata/ping.yaml", "--target", good.URL, "--expect", "family=x;status=1"}, exitUsage, "--expect", ""},
		{"bad severity flag", []string{"run", "--spec", "testdata/ping.yaml", "--target", good.URL, "--severity", "server-error=fatal"}, exitUsage, "--severity", ""},
		{"severity lowers violations", []string{"run", "--spec", demoSpec, "--target", demo.URL, "--auth", admin, "--severity", "negative-accepted=warning", "--severity", "server-error=info", "--severity", "error-content-type=info", "--severity", "leaked-internals=info", "--severity", "status-expected=info", "--severity", "status-member=info", "--severity", "error-schema=info"}, exitOK, "", ""},
		{"read-only", []string{"run", "--spec", demoSpec, "--target", demo.URL, "--auth", admin, "--read-only", "--include-path", "/widgets*", "--skip", "unknown-path", "--report", "json"}, exitOK, "", "\"methods\": [\n    \"GET\"\n  ]"},
		{"unknown flag", []string{"run", "--nope"}, exitUsage, "nope", ""},
		{"no spec file", []string{"run", "--spec", "nope.yaml", "--target", good.URL}, exitUsage, "nope.yaml", ""},
		{"broken spec", []string{"run", "--spec", "testdata/broken.yaml", "--target", good.URL}, exitUsage, "testdata/broken.yaml:10:1: YAML syntax error", ""},
		{"nothing to test", []string{"run", "--spec", "testdata/empty.yaml", "--target", good.URL}, exitUsage, "nothing to test", ""},
		{"bad target", []string{"run", "--spec", "testdata/ping.yaml", "--target", "ftp://x"}, exitUsage, "--target", ""},
		{"bad format", []string{"run", "--spec", "testdata/ping.yaml", "--target", good.URL, "--report", "pdf"}, exitUsage, `unknown report format "pdf"`, ""},
		{"bad fail-on", []string{"run", "--spec", "testdata/ping.yaml", "--target", good.URL, "--fail-on", "sometimes"}, exitUsage, "--fail-on", ""},
		{"bad schema", []string{"run", "--spec", "testdata/ping.yaml", "--target", good.URL, "--schema", "nope.json"}, exitUsage, "--schema", ""},
		{"bad check", []string{"run", "--spec", "testdata/ping.yaml", "--target", good.URL, "--skip", "no-such-check"}, exitUsage, "no-such-check", ""},
		{"bad auth", []string{"run", "--spec", "testdata/ping.yaml", "--target", good.URL, "--auth", "no colon"}, exitUsage, "--auth", ""},
		{"unset env", []string{"run", "--spec", "testdata/ping.yaml", "--target", good.URL, "--auth", "X-Key: ${ERRPROBE_TEST_UNSET_VAR}"}, exitUsage, "ERRPROBE_TEST_UNSET_VAR is not set", ""},
		{"compliant", []string{"run", "--spec", "testdata/ping.yaml", "--target", good.URL}, exitOK, "", "PASS"},
		{"violations", []string{"run", "--spec", demoSpec, "--target", demo.URL, "--auth", admin}, exitViolations, "", "FAIL"},
		{"violations ignored", []string{"run", "--spec", demoSpec, "--target", demo.URL, "--auth", admin, "--fail-on", "never"}, exitOK, "", ""},
		{"unreachable", []string{"run", "--spec", "testdata/ping.yaml", "--target", closedPort(t)}, exitCannotRun, "target unreachable", ""},
		{"report not writable", []string{"run", "--spec", "testdata/ping.yaml", "--target", good.URL, "--report", "json=" + filepath.Join(dir, "no", "such", "dir", "r.json")}, exitCannotRun, "r.json", ""},
		{"plan", []string{"plan", "--spec", "testdata/ping.yaml"}, exitOK, "", "nothing sent"},
		{"plan empty", []string{"plan", "--spec", "testdata/empty.yaml"}, exitUsage, "nothing to test", ""},
		{"plan nothing after filters", []string{"plan", "--spec", "testdata/ping.yaml", "--include-path", "/nope"}, exitUsage, "nothing to test", ""},
		{"plan json nothing after filters", []string{"plan", "--spec", "testdata/ping.yaml", "--include-path", "/nope", "--format", "json"}, exitUsage, "nothing to test", ""},
		{"checks", []string{"checks"}, exitOK, "", "malformed-json-truncated"},
		{"checks bad format", []string{"checks", "--format", "xml"}, exitUsage, "--format", ""},
	}
	// urfave/cli keeps flag state in package variables, so apps in one
	// process must not run concurrently: these cases run one at a time.
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run(context.Background(), append([]string{"errprobe"}, tt.args...), &stdout, &stderr)
			if got != tt.exit {
				t.Fatalf("exit = %d, want %d\nstdout:\n%s\nstderr:\n%s", got, tt.exit, stdout.String(), stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tt.stderr)
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout does not contain %q:\n%s", tt.stdout, stdout.String())
			}
			if strings.Contains(stderr.String(), "panic") || strings.Contains(stderr.String(), "goroutine ") {
				t.Errorf("stderr shows a panic:\n%s", stderr.String())
			}
		})
	}
}

// TestInterrupt cancels the run while a probe is in flight: the reports
// are written, marked incomplete, and the exit code is 130.
func TestInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cancel()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "run.json")
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"errprobe", "run", "--spec", "testdata/ping.yaml", "--target", srv.URL, "--report", "json=" + path, "-c", "1"}, &stdout, &stderr)
	if code != exitInterrupted {
		t.Fatalf("exit = %d, want %d; stderr: %s", code, exitInterrupted, stderr.String())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Complete bool `json:"complete"`
		Summary  struct {
			Skipped int    `json:"skipped"`
			Verdict string `json:"verdict"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Complete || rep.Summary.Verdict != "incomplete" || rep.Summary.Skipped == 0 {
		t.Errorf("report = %+v, want incomplete with skipped probes", rep)
	}
}

// TestPlanSendsNothing checks plan never touches the network even with a
// target-looking environment.
func TestPlanSendsNothing(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"errprobe", "plan", "--spec", "testdata/ping.yaml", "--format", "json"}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var plan struct {
		Count  int `json:"count"`
		Probes []struct {
			ID string `json:"id"`
		} `json:"probes"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &plan); err != nil {
		t.Fatal(err)
	}
	if plan.Count == 0 || plan.Count != len(plan.Probes) {
		t.Errorf("plan count %d, %d probes", plan.Count, len(plan.Probes))
	}
}
