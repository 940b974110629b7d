package main

import (
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/internal/testapi"
	"github.com/errprobe/errprobe/report"
)

// TestMaxFailures: --max-failures N stops the run once N distinct causes
// fail; the reports are written for what was sent, marked incomplete with
// the reason, the rest skipped, and errprobe exits 1. Without it the same
// API gives more failing causes.
func TestMaxFailures(t *testing.T) {
	spec := testapiSpec(t)
	api := httptest.NewServer(testapi.New(testapi.Options{Mode: testapi.StackTrace500OnBadJSON}))
	defer api.Close()
	dir := t.TempDir()
	tests := []struct {
		name, max string
		exit      int
		complete  bool
	}{
		{"unlimited", "0", exitViolations, true},
		{"one", "1", exitViolations, false},
		{"negative", "-1", exitUsage, false},
	}
	full := 0
	for _, tt := range tests {
		out := filepath.Join(dir, tt.name+".json")
		code, _, stderr := errprobeCLI(t, auditArgs(spec, api.URL, "-c", "1", "--max-failures", tt.max, "--report", "json="+out)...)
		if code != tt.exit {
			t.Fatalf("%s: exit %d, want %d\n%s", tt.name, code, tt.exit, stderr)
		}
		if tt.exit == exitUsage {
			if !strings.Contains(stderr, "--max-failures") {
				t.Errorf("%s: stderr %q does not name the flag", tt.name, stderr)
			}
			continue
		}
		run, err := loadReport("", out, nil)
		if err != nil {
			t.Fatal(err)
		}
		if run.Complete != tt.complete {
			t.Errorf("%s: complete %v, want %v (%s)", tt.name, run.Complete, tt.complete, run.StopReason)
		}
		failing, skipped := run.FailingCauses(), 0
		for _, r := range run.Results {
			if r.Outcome == report.OutcomeSkip {
				skipped++
			}
		}
		switch tt.name {
		case "unlimited":
			full = failing
			if skipped != 0 || run.StopReason != "" {
				t.Errorf("without the flag: %d skipped, stop reason %q", skipped, run.StopReason)
			}
		case "one":
			if !strings.Contains(run.StopReason, "--max-failures reached") || failing < 1 || failing > full || skipped == 0 {
				t.Errorf("stop reason %q, %d failing causes (%d without the flag), %d skipped", run.StopReason, failing, full, skipped)
			}
		}
	}
}
