package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/examples/demoapi"
)

// TestForgivingCLI: a mistake on the command line gets exit 2 and a
// message that says what was meant or what to write. Not parallel: urfave/cli
// v2 mutates its global HelpFlag on every run.
func TestForgivingCLI(t *testing.T) {
	demo := httptest.NewServer(demoapi.Handler())
	t.Cleanup(demo.Close)
	spec := filepath.Join("..", "..", "examples", "demoapi", "openapi.yaml")
	dir := t.TempDir()
	jsonConfig := filepath.Join(dir, "errprobe.json")
	if err := os.WriteFile(jsonConfig, []byte("{\"spec\": \"a.yaml\",\n  \"target\": }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	listConfig := filepath.Join(dir, "list.yaml")
	if err := os.WriteFile(listConfig, []byte("spec: a.yaml\nreports: terminal\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := []string{"run", "--spec", spec, "--target", demo.URL}
	tests := []struct {
		name   string
		args   []string
		exit   int
		stderr string
	}{
		{"misspelled flag", []string{"run", "--targte", demo.URL}, exitUsage, "unknown flag --targte; did you mean --target? (see errprobe run --help)"},
		{"single dash", []string{"run", "-targte=" + demo.URL}, exitUsage, "did you mean --target?"},
		{"flag prefix", []string{"run", "--conc", "3"}, exitUsage, "did you mean --concurrency?"},
		{"misspelled plan flag", []string{"plan", "--spce", spec}, exitUsage, "unknown flag --spce; did you mean --spec? (see errprobe plan --help)"},
		{"misspelled global flag", []string{"--verison"}, exitUsage, "unknown flag --verison; did you mean --version? (see errprobe --help)"},
		{"no suggestion", []string{"run", "--zzzzzzzz"}, exitUsage, "unknown flag --zzzzzzzz (see errprobe run --help)"},
		{"-v is not --version", []string{"-v"}, exitUsage, "unknown flag -v"},
		{"skip id", append(base, "--skip", "server-eror"), exitUsage, "--skip server-eror: unknown check, rule or family; did you mean server-error?"},
		{"only id", append(base, "--only", "malformd"), exitUsage, "--only malformd: unknown check, rule or family; did you mean malformed?"},
		{"severity id", append(base, "--severity", "server-eror=info"), exitUsage, `unknown check or rule "server-eror"; did you mean server-error?`},
		{"preset", append(base, "--preset", "fastpi"), exitUsage, "did you mean fastapi?"},
		{"report format", append(base, "--report", "jnuit=x.xml"), exitUsage, "did you mean junit?"},
		{"color value", append(base, "--color", "sometimes"), exitUsage, `--color "sometimes": want auto, always or never`},
		{"positional spec and target", []string{"run", spec, demo.URL, "-q"}, exitUsage,
			"write: errprobe run --spec " + spec + " --target " + demo.URL + " -q"},
		{"positional target after --spec", []string{"run", "--spec", spec, demo.URL, "-q"}, exitUsage,
			"write --target " + demo.URL + " instead of " + demo.URL + " (the flags after it were not read: -q)"},
		{"positional junk", []string{"run", "a", "b", "c"}, exitUsage, "run takes no bare arguments, only flags; got a b c"},
		{"config key", []string{"run", "--config", "testdata/badfield.yaml", "--target", demo.URL}, exitUsage,
			"testdata/badfield.yaml:3: unknown key concurency; did you mean concurrency?"},
		{"config list", []string{"run", "--config", listConfig, "--target", demo.URL}, exitUsage,
			`list.yaml:2: reports: want a list of strings, got a string; write reports: [terminal] or one "- item" line per entry`},
		{"config JSON", []string{"run", "--config", jsonConfig}, exitUsage, "errprobe.json:2:13: JSON syntax error"},
		{"a good run still works", append(base, "-q", "--color", "never", "--only", "unknown-route"), exitViolations, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := errprobeCLI(t, tt.args...)
			if code != tt.exit {
				t.Errorf("exit %d, want %d\nstderr: %s", code, tt.exit, stderr)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr:\n%s\nwant it to contain:\n%s", stderr, tt.stderr)
			}
			if strings.Contains(stderr, "YAML") && strings.Contains(tt.stderr, "JSON") {
				t.Errorf("a JSON mistake is called a YAML one: %s", stderr)
			}
		})
	}
}

// TestColorFor: NO_COLOR counts only when it is not empty, --color always
// wins over it (CI logs), never and --no-color win over everything.
func TestColorFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mode     string
		noFlag   bool
		env      string
		terminal bool
		want     bool
	}{
		{"auto", false, "", true, true},
		{"auto", false, "", false, false},
		{"auto", false, "1", true, false},
		{"auto", false, "", true, true}, // NO_COLOR= (set, empty) is unset
		{"always", false, "1", false, true},
		{"always", true, "", true, false},
		{"never", false, "", true, false},
	}
	for _, tt := range tests {
		if got := colorFor(tt.mode, tt.noFlag, tt.env, tt.terminal); got != tt.want {
			t.Errorf("colorFor(%q, %v, %q, %v) = %v, want %v", tt.mode, tt.noFlag, tt.env, tt.terminal, got, tt.want)
		}
	}
}
