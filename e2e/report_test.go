//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const auditTimeout = 2 * time.Minute

// report is the part of errprobe's JSON report the tests read.
type report struct {
	Complete   bool     `json:"complete"`
	StopReason string   `json:"stopReason"`
	Summary    summary  `json:"summary"`
	Results    []result `json:"results"`
}

type summary struct {
	Probes  int    `json:"probes"`
	Passed  int    `json:"passed"`
	Failed  int    `json:"failed"`
	Errored int    `json:"errored"`
	Skipped int    `json:"skipped"`
	Verdict string `json:"verdict"`
}

type result struct {
	ID          string      `json:"id"`
	Check       string      `json:"check"`
	Family      string      `json:"family"`
	Description string      `json:"description"`
	Operation   operation   `json:"operation"`
	Outcome     string      `json:"outcome"`
	Expected    []int       `json:"expectedStatuses"`
	Response    *response   `json:"response"`
	Violations  []violation `json:"violations"`
	Error       string      `json:"error"`
}

type operation struct {
	Method string `json:"method"`
	Path   string `json:"path"`
}

type response struct {
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

type violation struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// audit is one errprobe run: its exit code, output and report.
type audit struct {
	Exit   int
	Stdout string // the terminal report
	Stderr string
	Report report
}

// runAudit runs the errprobe binary against url with the target's flags,
// from dir, as a user would, and reads the JSON report.
func runAudit(t *testing.T, dir, url string, flags []string) audit {
	t.Helper()
	jsonPath := filepath.Join(t.TempDir(), "report.json")
	args := append([]string{"run"}, flags...)
	args = append(args, "--target", url, "--report", "json="+jsonPath, "--report", "terminal", "--no-color")
	ctx, cancel := context.WithTimeout(t.Context(), auditTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, errprobeBin, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	a := audit{}
	err := cmd.Run()
	a.Stdout, a.Stderr = stdout.String(), stderr.String()
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		a.Exit = exitErr.ExitCode()
	case err != nil:
		t.Fatalf("running errprobe %s: %v\nstderr:\n%s", quoteArgs(args), err, a.Stderr)
	}
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatalf("errprobe %s (exit %d) wrote no JSON report: %v\nstdout:\n%s\nstderr:\n%s", quoteArgs(args), a.Exit, err, a.Stdout, a.Stderr)
	}
	if err := json.Unmarshal(data, &a.Report); err != nil {
		t.Fatalf("JSON report %s: %v", jsonPath, err)
	}
	if keep := os.Getenv("ERRPROBE_E2E_KEEP"); keep != "" {
		// For reading a target's report after the run: one file per test.
		name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + ".json"
		if err := os.WriteFile(filepath.Join(keep, name), data, 0o644); err != nil {
			t.Logf("ERRPROBE_E2E_KEEP: %v", err)
		}
	}
	t.Logf("errprobe %s → exit %d, %d probes", quoteArgs(args), a.Exit, a.Report.Summary.Probes)
	return a
}

func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = a
		if strings.ContainsAny(a, " '\"$") {
			q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(q, " ")
}

// key is the operation as expected.json writes it.
func (r result) key() string { return r.Operation.Method + " " + r.Operation.Path }

// String describes a result for failure messages.
func (r result) String() string {
	var b strings.Builder
	status := "no response"
	if r.Response != nil {
		status = fmt.Sprintf("%d %s", r.Response.Status, r.Response.Headers["Content-Type"])
	}
	fmt.Fprintf(&b, "%s %s [%s/%s] %s: %s; expected %v; outcome %s", r.Operation.Method, r.Operation.Path,
		r.Family, r.Check, r.Description, status, r.Expected, r.Outcome)
	if r.Error != "" {
		fmt.Fprintf(&b, "\n      error: %s", r.Error)
	}
	for _, v := range r.Violations {
		fmt.Fprintf(&b, "\n      %s %s: %s", v.Severity, v.Rule, v.Message)
	}
	if r.Response != nil && r.Response.Body != "" {
		body := r.Response.Body
		if len(body) > 300 {
			body = body[:300] + "…"
		}
		fmt.Fprintf(&b, "\n      body: %q", body)
	}
	return b.String()
}
