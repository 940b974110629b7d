package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fixtureReport is the shared JSON report the report package renders in
// its golden tests.
var fixtureReport = filepath.Join("..", "..", "report", "testdata", "run.json")

// decodeJSON decodes a JSON file into plain values, for comparing content
// regardless of key order and number spelling.
func decodeJSON(t *testing.T, path string) any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// CLI tests never run in parallel: urfave/cli keeps package state.
func TestReportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "again.json")
	code, stdout, stderr := errprobeCLI(t, "report", "--from", fixtureReport, "--report", "json="+out,
		"--report", "sarif="+filepath.Join(dir, "r.sarif"), "--report", "markdown="+filepath.Join(dir, "r.md"),
		"--report", "html="+filepath.Join(dir, "r.html"), "--report", "junit="+filepath.Join(dir, "r.xml"))
	if code != exitOK || stdout != "" || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and silence", code, stdout, stderr)
	}
	if got, want := decodeJSON(t, out), decodeJSON(t, fixtureReport); !reflect.DeepEqual(got, want) {
		t.Errorf("json re-rendered from %s differs from it", fixtureReport)
	}
	for _, name := range []string{"r.sarif", "r.md", "r.html", "r.xml"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written: %v", name, err)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestReportFromStdin(t *testing.T) {
	f, err := os.Open(fixtureReport)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// urfave/cli reads os.Stdin when the app runs; tests here are serial.
	saved := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = saved }()
	code, stdout, stderr := errprobeCLI(t, "report", "--from", "-", "--report", "markdown")
	if code != exitOK || !strings.HasPrefix(stdout, "## ❌ errprobe: FAIL") {
		t.Errorf("exit %d, stdout %.60q, stderr %q", code, stdout, stderr)
	}
}

func TestReportExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	notJSON := write("broken.json", "{\"schemaVersion\": ")
	notReport := write("other.json", `{"openapi": "3.1.0"}`)
	missing := filepath.Join(dir, "missing.json")
	tests := []struct {
		name   string
		args   []string
		exit   int
		stderr string
	}{
		{"kept verdict", []string{"--from", fixtureReport, "--report", "json=" + filepath.Join(dir, "a.json")}, exitOK, ""},
		{"fail-on error", []string{"--from", fixtureReport, "--report", "json=" + filepath.Join(dir, "b.json"), "--fail-on", "error"}, exitViolations, ""},
		{"fail-on never", []string{"--from", fixtureReport, "--report", "json=" + filepath.Join(dir, "c.json"), "--fail-on", "never"}, exitOK, ""},
		{"bad fail-on", []string{"--from", fixtureReport, "--fail-on", "fatal"}, exitUsage, `--fail-on "fatal"`},
		{"no from", []string{"--report", "json"}, exitUsage, "from"},
		{"missing file", []string{"--from", missing}, exitUsage, missing},
		{"not JSON", []string{"--from", notJSON}, exitUsage, notJSON + ": not JSON"},
		{"not a report", []string{"--from", notReport}, exitUsage, notReport + " is not an errprobe JSON report"},
		{"unknown format", []string{"--from", fixtureReport, "--report", "pdf"}, exitUsage, `unknown report format "pdf"`},
		{"stray argument", []string{"--from", fixtureReport, "extra"}, exitUsage, "no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := errprobeCLI(t, append([]string{"report"}, tt.args...)...)
			if code != tt.exit || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.exit, tt.stderr)
			}
		})
	}
}

func TestRunHelpListsFormats(t *testing.T) {
	code, stdout, _ := errprobeCLI(t, "run", "--help")
	for _, f := range []string{"sarif", "markdown", "html"} {
		if code != exitOK || !strings.Contains(stdout, f) {
			t.Errorf("errprobe run --help (exit %d) does not list %s", code, f)
		}
	}
}
