package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/baseline"
	"github.com/errprobe/errprobe/internal/testapi"
	"github.com/errprobe/errprobe/report"
)

// errprobeCLI runs errprobe with args and returns the exit code and both outputs.
// CLI tests never run in parallel: urfave/cli keeps package state.
func errprobeCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"errprobe"}, args...), &stdout, &stderr)
	if strings.Contains(stderr.String(), "goroutine ") {
		t.Errorf("stderr shows a panic:\n%s", stderr.String())
	}
	return code, stdout.String(), stderr.String()
}

// testapiSpec writes the fake API's description to a file.
func testapiSpec(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "openapi.yaml")
	if err := os.WriteFile(path, testapi.Spec(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// auditArgs are the flags of a typical CI run against the fake API.
func auditArgs(spec, target string, more ...string) []string {
	return append([]string{"run", "--spec", spec, "--target", target,
		"--auth", "Authorization: Bearer " + testapi.AdminToken,
		"--low-auth", "Authorization: Bearer " + testapi.ReaderToken,
		"--no-color", "-q"}, more...)
}

// byPath serves /books/... (one book and what is nested under it) with
// items and everything else with rest: two defects in one API.
func byPath(items, rest testapi.Mode) *httptest.Server {
	a, b := testapi.New(testapi.Options{Mode: items}), testapi.New(testapi.Options{Mode: rest})
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/books/") {
			a.ServeHTTP(w, r)
			return
		}
		b.ServeHTTP(w, r)
	}))
}

func readJSONReport(t *testing.T, path string) *report.Run {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var run report.Run
	if err := json.Unmarshal(data, &run); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &run
}

func readBaselineFile(t *testing.T, path string) *baseline.File {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	f, err := baseline.Read(fh)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f
}

// TestBaselineRoundTrip records a baseline against an API with two
// defects (405 without Allow under /books/, 401 without a challenge
// elsewhere), then audits the API after a release that fixed the 405s and
// introduced a wrong status member under /books/: exactly the wrong status
// members are new and alone fail the run, exactly the 405 entries are
// listed as fixed, everything else stays accepted.
func TestBaselineRoundTrip(t *testing.T) {
	spec := testapiSpec(t)
	before := byPath(testapi.No405Allow, testapi.No401Challenge)
	defer before.Close()
	after := byPath(testapi.StatusMemberMismatch, testapi.No401Challenge)
	defer after.Close()
	dir := t.TempDir()
	base := filepath.Join(dir, "errprobe-baseline.json")

	code, _, stderr := errprobeCLI(t, auditArgs(spec, before.URL, "--baseline-write", base)...)
	if code != exitViolations {
		t.Fatalf("recording run: exit %d, want %d (writing a baseline does not change the verdict)\n%s", code, exitViolations, stderr)
	}
	recorded := readBaselineFile(t, base)
	inBaseline := map[baseline.Key]bool{}
	rules := map[string]int{}
	for _, e := range recorded.Entries {
		inBaseline[e.Key()] = true
		rules[e.Rule]++
		if e.Operation == "" || e.Message == "" || e.Expires != "" || e.Reason != "" {
			t.Errorf("recorded entry %+v: want operation and message, no expires or reason", e)
		}
	}
	if rules[checks.RuleAllowHeader] == 0 || rules[checks.RuleWWWAuthenticate] == 0 || rules[checks.RuleStatusMember] != 0 {
		t.Fatalf("baseline rules = %v, want allow-header and www-authenticate, no status-member", rules)
	}

	t.Run("same API", func(t *testing.T) {
		out := filepath.Join(dir, "same.json")
		code, stdout, _ := errprobeCLI(t, auditArgs(spec, before.URL, "--baseline", base, "--report", "json="+out, "--report", "terminal")...)
		if code != exitOK {
			t.Fatalf("exit %d, want %d: every violation is accepted\n%s", code, exitOK, stdout)
		}
		b := readJSONReport(t, out).Baseline
		if b == nil || b.New != 0 || b.Accepted == 0 || len(b.Fixed) != 0 || len(b.Expired) != 0 {
			t.Errorf("baseline summary = %+v, want all accepted", b)
		}
		if !strings.Contains(stdout, "PASS") || !strings.Contains(stdout, "0 new, 0 fixed, 0 expired") {
			t.Errorf("terminal verdict does not show the baseline:\n%s", stdout)
		}
	})

	t.Run("one defect fixed, one introduced", func(t *testing.T) {
		out := filepath.Join(dir, "after.json")
		code, stdout, _ := errprobeCLI(t, auditArgs(spec, after.URL, "--baseline", base, "--report", "json="+out, "--report", "terminal")...)
		if code != exitViolations {
			t.Fatalf("exit %d, want %d", code, exitViolations)
		}
		run := readJSONReport(t, out)
		accepted, fresh := 0, 0
		for _, r := range run.Results {
			for _, v := range r.Violations {
				k := baseline.Key{Probe: r.ID, Rule: v.Rule}
				want := report.BaselineAccepted
				if v.Rule == checks.RuleStatusMember {
					want = report.BaselineNew
				}
				if v.Baseline != want || inBaseline[k] != (want == report.BaselineAccepted) {
					t.Errorf("%s %s: marked %q (in baseline: %v), want %q", r.ID, v.Rule, v.Baseline, inBaseline[k], want)
				}
				if want == report.BaselineNew {
					fresh++
				} else {
					accepted++
				}
			}
		}
		b := run.Baseline
		if fresh == 0 || b.New != fresh || b.Accepted != accepted || len(b.Expired) != 0 {
			t.Errorf("summary %+v; counted %d new, %d accepted", b, fresh, accepted)
		}
		if len(b.Fixed) != rules[checks.RuleAllowHeader] {
			t.Errorf("%d fixed entries, want the %d allow-header entries", len(b.Fixed), rules[checks.RuleAllowHeader])
		}
		for _, f := range b.Fixed {
			if f.Rule != checks.RuleAllowHeader || !inBaseline[baseline.Key{Probe: f.Probe, Rule: f.Rule}] {
				t.Errorf("fixed entry %+v: want only recorded allow-header entries", f)
			}
		}
		if !strings.Contains(stdout, "FAIL") || !strings.Contains(stdout, fmt.Sprintf("%d new, %d fixed, 0 expired", fresh, len(b.Fixed))) {
			t.Errorf("terminal output lacks the verdict or the fixed entries:\n%s", stdout)
		}
		// Without the new defect's rule the same run passes: the new
		// violations alone failed it.
		if code, _, _ := errprobeCLI(t, auditArgs(spec, after.URL, "--baseline", base, "--skip", checks.RuleStatusMember)...); code != exitOK {
			t.Errorf("without %s: exit %d, want %d", checks.RuleStatusMember, code, exitOK)
		}
	})

	t.Run("expired entry", func(t *testing.T) {
		f := readBaselineFile(t, base)
		var expiredKey, currentKey baseline.Key
		for i := range f.Entries {
			e := &f.Entries[i]
			// auth-missing findings are errors; some other probes' are capped.
			if e.Rule != checks.RuleWWWAuthenticate || !strings.HasPrefix(e.Probe, "auth-missing:") {
				continue
			}
			if expiredKey.Probe == "" {
				e.Expires, e.Reason, expiredKey = "2000-01-01", "was due long ago", e.Key()
			} else if currentKey.Probe == "" {
				e.Expires, e.Reason, currentKey = "2999-12-31", "tracked in ISSUE-1", e.Key()
			}
		}
		edited := filepath.Join(dir, "edited.json")
		writeBaselineFile(t, edited, f)
		out := filepath.Join(dir, "expired.json")
		if code, _, _ := errprobeCLI(t, auditArgs(spec, before.URL, "--baseline", edited, "--report", "json="+out)...); code != exitViolations {
			t.Fatalf("exit %d, want %d: the expired entry accepts nothing", code, exitViolations)
		}
		run := readJSONReport(t, out)
		if e := run.Baseline.Expired; len(e) != 1 || e[0].Probe != expiredKey.Probe || e[0].Expires != "2000-01-01" {
			t.Errorf("expired = %+v, want only %v", e, expiredKey)
		}
		for _, r := range run.Results {
			for _, v := range r.Violations {
				k := baseline.Key{Probe: r.ID, Rule: v.Rule}
				if want := map[bool]string{true: report.BaselineNew, false: report.BaselineAccepted}[k == expiredKey]; v.Baseline != want {
					t.Errorf("%s %s: marked %q, want %q", r.ID, v.Rule, v.Baseline, want)
				}
			}
		}
		// Regenerating keeps what people wrote by hand.
		rewritten := filepath.Join(dir, "rewritten.json")
		errprobeCLI(t, auditArgs(spec, before.URL, "--baseline", edited, "--baseline-write", rewritten)...)
		kept := 0
		for _, e := range readBaselineFile(t, rewritten).Entries {
			if e.Reason != "" {
				kept++
			}
		}
		if kept != 2 {
			t.Errorf("%d entries kept their reason, want 2", kept)
		}
	})
}

func writeBaselineFile(t *testing.T, path string, f *baseline.File) {
	t.Helper()
	var buf bytes.Buffer
	if err := baseline.Write(&buf, f); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBadBaseline: a baseline that cannot be used stops the run before
// anything is sent, with exit 2 and the file's name.
func TestBadBaseline(t *testing.T) {
	api := testapi.New(testapi.Options{})
	srv := httptest.NewServer(api)
	defer srv.Close()
	spec := testapiSpec(t)
	dir := t.TempDir()
	tests := []struct{ name, content, stderr string }{
		{"missing", "", "no-such-baseline.json"},
		{"not JSON", "{", "not JSON"},
		{"wrong version", `{"version": 2, "entries": []}`, "/version"},
		{"unknown field", `{"version": 1, "entries": [{"probe": "p", "rule": "r", "owner": "x"}]}`, "/entries/0"},
		{"not a date", `{"version": 1, "entries": [{"probe": "p", "rule": "r", "expires": "2025-02-30"}]}`, "not a date"},
		{"duplicate", `{"version": 1, "entries": [{"probe": "p", "rule": "r"}, {"probe": "p", "rule": "r"}]}`, "repeats"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "no-such-baseline.json")
			if tt.content != "" {
				path = filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".json")
				if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			sent := api.Count()
			code, _, stderr := errprobeCLI(t, auditArgs(spec, srv.URL, "--baseline", path)...)
			if code != exitUsage || !strings.Contains(stderr, filepath.Base(path)) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d naming %s and saying %q", code, stderr, exitUsage, filepath.Base(path), tt.stderr)
			}
			if api.Count() != sent {
				t.Errorf("%d requests sent with an unusable baseline", api.Count()-sent)
			}
		})
	}
}
