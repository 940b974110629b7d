//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	errreport "github.com/errprobe/errprobe/report"
)

// consumed is what e2e/junit-consumer/consume.mjs prints: the JUnit file
// as junit2json, a JUnit reader from npm, understands it.
type consumed struct {
	Tests, Failures, Errors int
	Suites                  []struct {
		Name                             string
		Tests, Failures, Errors, Skipped int
		Cases                            []struct {
			Name, Classname, Outcome, Message, Text string
		}
	}
}

// TestJUnitConsumer renders the shared fixture as JUnit with `errprobe
// report` and has a real third-party JUnit parser read it back: counts,
// testcase names, outcomes and failure messages must survive.
func TestJUnitConsumer(t *testing.T) {
	t.Parallel()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node not found: install Debian's nodejs and npm, then npm ci --prefix e2e/junit-consumer")
	}
	dir := filepath.Join(moduleRoot, "e2e", "junit-consumer")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "junit2json")); err != nil {
		t.Fatalf("junit2json is not installed: run npm ci --prefix e2e/junit-consumer (%v)", err)
	}
	fixture := filepath.Join(moduleRoot, "report", "testdata", "run.json")
	xml := filepath.Join(t.TempDir(), "junit.xml")
	if out, err := exec.Command(errprobeBin, "report", "--from", fixture, "--report", "junit="+xml).CombinedOutput(); err != nil {
		t.Fatalf("errprobe report: %v\n%s", err, out)
	}
	out, err := exec.Command(node, filepath.Join(dir, "consume.mjs"), xml).Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("node consume.mjs: %v\n%s", err, stderr)
	}
	var got consumed
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("consumer output: %v\n%s", err, out)
	}
	run := loadFixture(t, fixture)
	s := run.Summary
	skipped := 0
	var names []string
	for _, suite := range got.Suites {
		skipped += suite.Skipped
		for _, c := range suite.Cases {
			names = append(names, c.Name)
		}
	}
	if got.Tests != s.Probes || got.Failures != s.Failed || got.Errors != s.Errored || skipped != s.Skipped {
		t.Errorf("consumer counts tests %d, failures %d, errors %d, skipped %d; want %d, %d, %d, %d",
			got.Tests, got.Failures, got.Errors, skipped, s.Probes, s.Failed, s.Errored, s.Skipped)
	}
	var want []string
	for _, r := range run.Results {
		want = append(want, r.ID)
	}
	sort.Strings(want)
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	if strings.Join(sorted, "\n") != strings.Join(want, "\n") {
		t.Errorf("testcase names:\n%q\nwant\n%q", sorted, want)
	}
	byName := map[string]struct{ outcome, message, text string }{}
	for _, suite := range got.Suites {
		for _, c := range suite.Cases {
			byName[c.Name] = struct{ outcome, message, text string }{c.Outcome, c.Message, c.Text}
		}
	}
	for _, r := range run.Results {
		c := byName[r.ID]
		if c.outcome != r.Outcome {
			t.Errorf("%s: consumer sees %q, want %q", r.ID, c.outcome, r.Outcome)
		}
		for _, v := range r.Violations {
			if want := v.Rule + ": " + v.Message; !strings.Contains(c.message, want) {
				t.Errorf("%s: failure message %q lacks %q", r.ID, c.message, want)
			}
		}
		if r.Outcome == errreport.OutcomeError && c.message != r.Error {
			t.Errorf("%s: error message %q, want %q", r.ID, c.message, r.Error)
		}
		if (r.Outcome == errreport.OutcomeFail || r.Outcome == errreport.OutcomeError) && !strings.Contains(c.text, r.Curl) {
			t.Errorf("%s: failure text lacks the curl line", r.ID)
		}
	}
}

func loadFixture(t *testing.T, path string) *errreport.Run {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var run errreport.Run
	if err := json.Unmarshal(data, &run); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &run
}
