//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/errprobe/errprobe/examples/demoapi"
)

// The CI examples' own commands run here end to end against the demo API:
// the GitLab job's and the Jenkinsfile's shell (download of the pinned
// release from a local copy, checksum, audit), and the GitHub workflow's
// Action step with its inputs. Each exits 1 on the demo's defects with its
// reports written, then 0 once a baseline file accepts them.

// exampleRelease serves a release of the binary built here, named as
// goreleaser names it, and returns its base URL and version.
func exampleRelease(t *testing.T) (string, string) {
	t.Helper()
	const version = "0.1.0"
	root := t.TempDir()
	rel := filepath.Join(root, "v"+version)
	if err := os.MkdirAll(rel, 0o755); err != nil {
		t.Fatal(err)
	}
	archive := fmt.Sprintf("errprobe_%s_linux_amd64.tar.gz", version)
	sum := writeArchive(t, filepath.Join(rel, archive), errprobeBin)
	writeFile(t, filepath.Join(rel, "checksums.txt"), fmt.Sprintf("%x  %s\n%064x  errprobe_%s_darwin_arm64.tar.gz\n", sum, archive, 1, version))
	srv := httptest.NewServer(http.FileServer(http.Dir(root)))
	t.Cleanup(srv.Close)
	return srv.URL, version
}

// exampleWork is a job's checkout: the demo's description as openapi.yaml.
func exampleWork(t *testing.T) string {
	t.Helper()
	work := t.TempDir()
	spec, err := os.ReadFile(filepath.Join(moduleRoot, "examples", "demoapi", "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(work, "openapi.yaml"), string(spec))
	return work
}

// acceptAll writes a baseline of the demo's current violations in work.
func acceptAll(t *testing.T, work, target string) {
	t.Helper()
	cmd := exec.Command(errprobeBin, "run", "--spec", "openapi.yaml", "--target", target, "--auth", "Authorization: Bearer "+demoapi.AdminToken,
		"--baseline-write", "errprobe-baseline.json", "--report", "json=/dev/null", "--fail-on", "never")
	cmd.Dir = work
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("writing the baseline: %v\n%s", err, b)
	}
}

// runShell runs a job's script with sh -e, as GitLab and Jenkins do.
func runShell(t *testing.T, work, script string, env map[string]string) (int, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "job.sh")
	writeFile(t, path, script)
	cmd := exec.Command("sh", "-e", path)
	cmd.Dir = work
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, _ := cmd.CombinedOutput()
	return cmd.ProcessState.ExitCode(), string(out)
}

// shellcheck checks a job's script like actionlint checks a workflow's.
func shellcheck(t *testing.T, name, script string) {
	t.Helper()
	if _, err := exec.LookPath("shellcheck"); err != nil {
		if os.Getenv("ERRPROBE_CI") != "" {
			t.Fatal("shellcheck is missing (Debian package shellcheck)")
		}
		t.Log("shellcheck not installed; not checking the scripts")
		return
	}
	cmd := exec.Command("shellcheck", "-s", "sh", "-")
	cmd.Stdin = strings.NewReader(script)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("shellcheck %s: %v\n%s\n%s", name, err, out, script)
	}
}

// checkJob runs a job twice (no baseline: exit 1; then a baseline: 0) and
// checks its reports.
func checkJob(t *testing.T, name, script string, env map[string]string) {
	t.Helper()
	shellcheck(t, name, script)
	demo := httptest.NewServer(demoapi.Handler())
	t.Cleanup(demo.Close)
	base, version := exampleRelease(t)
	env["TARGET"], env["ERRPROBE_DOWNLOAD_BASE"], env["ERRPROBE_VERSION"] = demo.URL, base, version
	env["ERRPROBE_API_TOKEN"] = demoapi.AdminToken
	work := exampleWork(t)
	code, out := runShell(t, work, script, env)
	if code != 1 {
		t.Fatalf("%s: exit %d, want 1 (the demo's defects)\n%s", name, code, out)
	}
	for _, f := range []string{"errprobe-junit.xml", "errprobe.json", "errprobe.md"} {
		if fi, err := os.Stat(filepath.Join(work, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: report %s not written", name, f)
		}
	}
	if strings.Contains(script, "codequality=") {
		checkCodeQuality(t, name, filepath.Join(work, "gl-code-quality-report.json"))
	}
	if !strings.Contains(out, "OK") {
		t.Errorf("%s: no checksum verification in the log:\n%s", name, out)
	}
	if strings.Contains(out, demoapi.AdminToken) {
		t.Errorf("%s: the credential is in the log", name)
	}
	acceptAll(t, work, demo.URL)
	if code, out := runShell(t, work, script, env); code != 0 {
		t.Errorf("%s with a baseline: exit %d, want 0\n%s", name, code, out)
	}
}

func readExample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(moduleRoot, "examples", "ci", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestGitLabExample(t *testing.T) {
	t.Parallel()
	var doc map[string]struct {
		Variables    map[string]string `yaml:"variables"`
		BeforeScript []string          `yaml:"before_script"`
		Script       []string          `yaml:"script"`
	}
	if err := yaml.Unmarshal(readExample(t, "gitlab-ci.yml"), &doc); err != nil {
		t.Fatalf("gitlab-ci.yml: %v", err)
	}
	job, ok := doc["errprobe"]
	if !ok || len(job.Script) == 0 || job.Variables["ERRPROBE_VERSION"] == "" {
		t.Fatalf("gitlab-ci.yml has no errprobe job with a script and a pinned ERRPROBE_VERSION")
	}
	env := map[string]string{}
	for k, v := range job.Variables {
		env[k] = v
	}
	// GitLab runs before_script and script in one shell.
	checkJob(t, "gitlab-ci.yml", strings.Join(append(job.BeforeScript, job.Script...), "\n")+"\n", env)
}

var (
	jenkinsSh  = regexp.MustCompile(`(?s)sh '''\n(.*?)'''`)
	jenkinsEnv = regexp.MustCompile(`(?m)^\s+([A-Z_]+) = '([^']*)'$`)
)

func TestJenkinsExample(t *testing.T) {
	t.Parallel()
	src := string(readExample(t, "Jenkinsfile"))
	env := map[string]string{}
	for _, m := range jenkinsEnv.FindAllStringSubmatch(src, -1) {
		env[m[1]] = m[2]
	}
	var steps []string
	for _, m := range jenkinsSh.FindAllStringSubmatch(src, -1) {
		// Groovy's ''' strings: backslash-newline joins lines, \\ is \.
		s := strings.ReplaceAll(m[1], "\\\n", "")
		steps = append(steps, strings.ReplaceAll(s, `\\`, `\`))
	}
	if len(steps) != 2 || env["ERRPROBE_VERSION"] == "" {
		t.Fatalf("Jenkinsfile: %d sh steps and environment %v; want an install and an audit step and a pinned version", len(steps), env)
	}
	// Each sh step is a shell of its own; "set -e" as Jenkins runs them.
	checkJob(t, "Jenkinsfile", strings.Join(steps, "\n"), env)
}

// TestGitHubExample runs the workflow's errprobe step: the Action's shell
// with the step's inputs (the install is TestActionInstall's).
func TestGitHubExample(t *testing.T) {
	t.Parallel()
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Name string            `yaml:"name"`
				Uses string            `yaml:"uses"`
				Env  map[string]string `yaml:"env"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(readExample(t, "github-actions.yml"), &wf); err != nil {
		t.Fatalf("github-actions.yml: %v", err)
	}
	demo := httptest.NewServer(demoapi.Handler())
	t.Cleanup(demo.Close)
	found := 0
	for _, job := range wf.Jobs {
		for _, st := range job.Steps {
			if !strings.HasPrefix(st.Uses, "errprobe/errprobe@v") {
				continue
			}
			found++
			work := exampleWork(t)
			env := map[string]string{"ERRPROBE_BIN": errprobeBin, "GITHUB_STEP_SUMMARY": filepath.Join(work, "summary.md"),
				"GITHUB_OUTPUT": filepath.Join(work, "out.txt")}
			for k := range st.Env {
				env[k] = demoapi.AdminToken // the secrets
			}
			for k, v := range st.With {
				env["INPUT_"+strings.ToUpper(strings.ReplaceAll(k, "-", "_"))] = v
			}
			env["INPUT_TARGET"] = demo.URL // instead of localhost:8080
			if _, ok := env["INPUT_BASELINE"]; !ok {
				env["INPUT_BASELINE"] = "errprobe-baseline.json" // the Action's default
			}
			code, out := runScript(t, work, "scripts/action/run.sh", env)
			if code != 1 {
				t.Fatalf("%s: exit %d, want 1\n%s", st.Name, code, out)
			}
			if b, err := os.ReadFile(filepath.Join(work, "summary.md")); err != nil || len(b) == 0 {
				t.Errorf("%s: no job summary", st.Name)
			}
			if b, _ := os.ReadFile(filepath.Join(work, "out.txt")); !strings.Contains(string(b), "sarif=") {
				t.Errorf("%s: no SARIF report among the outputs:\n%s", st.Name, b)
			}
			acceptAll(t, work, demo.URL)
			if code, out := runScript(t, work, "scripts/action/run.sh", env); code != 0 {
				t.Errorf("%s with a baseline: exit %d, want 0\n%s", st.Name, code, out)
			}
		}
	}
	if found != 1 {
		t.Fatalf("github-actions.yml: %d steps use errprobe/errprobe@vX.Y.Z, want 1", found)
	}
}

// checkCodeQuality reads a GitLab Code Quality report: a list of issues,
// each with a check name, a fingerprint, a Code Quality severity and a
// location in the description.
func checkCodeQuality(t *testing.T, name, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var issues []struct {
		CheckName   string `json:"check_name"`
		Fingerprint string `json:"fingerprint"`
		Severity    string `json:"severity"`
		Location    struct {
			Path  string `json:"path"`
			Lines struct {
				Begin int `json:"begin"`
			} `json:"lines"`
		} `json:"location"`
	}
	if err := json.Unmarshal(data, &issues); err != nil || len(issues) == 0 {
		t.Fatalf("%s: Code Quality report: %d issues, %v", name, len(issues), err)
	}
	for _, i := range issues {
		switch {
		case i.CheckName == "" || len(i.Fingerprint) != 16 || i.Location.Path == "" || i.Location.Lines.Begin < 1:
			t.Errorf("%s: Code Quality issue %+v lacks a name, fingerprint or location", name, i)
		case i.Severity != "info" && i.Severity != "minor" && i.Severity != "major" && i.Severity != "critical" && i.Severity != "blocker":
			t.Errorf("%s: Code Quality severity %q", name, i.Severity)
		}
	}
}
