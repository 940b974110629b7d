//go:build e2e

package e2e

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/examples/demoapi"
)

// runScript runs a script of the repository with bash in dir and the
// given environment on top of a minimal one; it returns the exit code and
// the combined output.
func runScript(t *testing.T, dir, script string, env map[string]string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command("bash", append([]string{filepath.Join(moduleRoot, script)}, args...)...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "TMPDIR=" + t.TempDir()}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	if cmd.ProcessState == nil {
		t.Fatalf("%s did not run: %v", script, err)
	}
	return cmd.ProcessState.ExitCode(), string(out)
}

// outputs reads a $GITHUB_OUTPUT file of name=value lines.
func outputs(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			m[k] = v
		}
	}
	return m
}

// TestActionRun runs the Action's shell (scripts/action/run.sh) with the
// binary built here against the demo API: it writes the job summary and
// SARIF, sets the outputs and exits 1 on the demo's defects; with a
// baseline file that accepts them all it exits 0, and a target that never
// answers ends in exit 3 after --wait-for-target.
func TestActionRun(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("jq"); err != nil && os.Getenv("ERRPROBE_CI") != "" {
		t.Fatal("jq is missing (Debian package jq); the Action's outputs need it")
	}
	demo := httptest.NewServer(demoapi.Handler())
	t.Cleanup(demo.Close)
	work := t.TempDir()
	spec := filepath.Join(moduleRoot, "examples", "demoapi", "openapi.yaml")
	env := func(extra map[string]string) map[string]string {
		m := map[string]string{
			"ERRPROBE_BIN": errprobeBin, "INPUT_SPEC": spec, "INPUT_TARGET": demo.URL,
			"INPUT_AUTH": "Authorization: Bearer ${DEMO_TOKEN}", "DEMO_TOKEN": demoapi.AdminToken,
			"INPUT_BASELINE": "errprobe-baseline.json", "INPUT_WAIT_FOR_TARGET": "10s",
			"GITHUB_STEP_SUMMARY": filepath.Join(work, "summary.md"), "GITHUB_OUTPUT": filepath.Join(work, "output.txt"),
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}

	code, out := runScript(t, work, "scripts/action/run.sh", env(nil))
	if code != 1 {
		t.Fatalf("exit %d, want 1 (the demo has defects)\n%s", code, out)
	}
	if !strings.Contains(out, "no baseline file errprobe-baseline.json") {
		t.Errorf("no note about the missing baseline:\n%s", out)
	}
	summary, err := os.ReadFile(filepath.Join(work, "summary.md"))
	if err != nil || !strings.Contains(string(summary), "|") {
		t.Errorf("job summary not written (%v):\n%s", err, summary)
	}
	o := outputs(t, filepath.Join(work, "output.txt"))
	if o["verdict"] != "fail" || o["exit-code"] != "1" || o["errors"] == "" || o["errors"] == "0" {
		t.Errorf("outputs %v: want verdict fail, exit-code 1, errors > 0", o)
	}
	sarif, err := os.ReadFile(filepath.Join(work, o["sarif"]))
	if err != nil || !strings.Contains(string(sarif), `"version": "2.1.0"`) {
		t.Errorf("SARIF report %q not written (%v)", o["sarif"], err)
	}
	if strings.Contains(string(summary)+string(sarif)+out, demoapi.AdminToken) {
		t.Error("the credential leaked into the summary, the SARIF report or the log")
	}

	// Accept today's violations: the next run passes with the baseline.
	cmd := exec.Command(errprobeBin, "run", "--spec", spec, "--target", demo.URL, "--auth", "Authorization: Bearer "+demoapi.AdminToken,
		"--baseline-write", "errprobe-baseline.json", "--report", "json=/dev/null", "--fail-on", "never")
	cmd.Dir = work
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("writing the baseline: %v\n%s", err, b)
	}
	if code, out := runScript(t, work, "scripts/action/run.sh", env(nil)); code != 0 {
		t.Errorf("with the baseline: exit %d, want 0\n%s", code, out)
	}

	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	code, out = runScript(t, work, "scripts/action/run.sh", env(map[string]string{"INPUT_TARGET": closed.URL, "INPUT_WAIT_FOR_TARGET": "1s"}))
	if code != 3 || !strings.Contains(out, "did not answer in time") {
		t.Errorf("unreachable target: exit %d, want 3 and a timeout message\n%s", code, out)
	}
	if o := outputs(t, filepath.Join(work, "output.txt")); o["verdict"] != "error" {
		t.Errorf("unreachable target: verdict %q, want error", o["verdict"])
	}
}

// TestActionInstall runs scripts/action/install.sh against a local copy of
// a release (archive and checksums.txt as goreleaser names them): it
// installs and verifies the binary, refuses an archive whose checksum does
// not match, and refuses to guess a version.
func TestActionInstall(t *testing.T) {
	t.Parallel()
	const version = "9.8.7"
	rel := filepath.Join(t.TempDir(), "v"+version)
	if err := os.MkdirAll(rel, 0o755); err != nil {
		t.Fatal(err)
	}
	archive := fmt.Sprintf("errprobe_%s_linux_amd64.tar.gz", version)
	sum := writeArchive(t, filepath.Join(rel, archive), errprobeBin)
	writeFile(t, filepath.Join(rel, "checksums.txt"), fmt.Sprintf("%x  %s\n", sum, archive))
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Dir(rel))))
	t.Cleanup(srv.Close)

	work := t.TempDir()
	env := map[string]string{
		"ERRPROBE_VERSION": "v" + version, "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64",
		"ERRPROBE_DOWNLOAD_BASE": srv.URL, "ERRPROBE_INSTALL_DIR": filepath.Join(work, "bin"),
		"GITHUB_OUTPUT": filepath.Join(work, "output.txt"), "GITHUB_PATH": filepath.Join(work, "path.txt"),
	}
	if code, out := runScript(t, work, "scripts/action/install.sh", env); code != 0 || !strings.Contains(out, "verified") {
		t.Fatalf("install: exit %d\n%s", code, out)
	}
	bin := outputs(t, filepath.Join(work, "output.txt"))["bin"]
	if v, err := exec.Command(bin, "version").Output(); err != nil || !strings.HasPrefix(string(v), "errprobe ") {
		t.Errorf("installed %s does not run: %v %s", bin, err, v)
	}
	// A second run finds it in place (the cache) and downloads nothing.
	srv.Close()
	if code, out := runScript(t, work, "scripts/action/install.sh", env); code != 0 || !strings.Contains(out, "from the cache") {
		t.Errorf("cached install: exit %d\n%s", code, out)
	}

	bad := httptest.NewServer(http.FileServer(http.Dir(filepath.Dir(rel))))
	t.Cleanup(bad.Close)
	writeFile(t, filepath.Join(rel, "checksums.txt"), fmt.Sprintf("%064x  %s\n", 0, archive))
	env["ERRPROBE_DOWNLOAD_BASE"], env["ERRPROBE_INSTALL_DIR"] = bad.URL, filepath.Join(work, "bin2")
	if code, out := runScript(t, work, "scripts/action/install.sh", env); code == 0 || !strings.Contains(out, "checksum mismatch") {
		t.Errorf("tampered archive: exit %d, want a checksum mismatch\n%s", code, out)
	}
	env["ERRPROBE_VERSION"], env["GITHUB_ACTION_REF"] = "", "v1"
	if code, out := runScript(t, work, "scripts/action/install.sh", env); code == 0 || !strings.Contains(out, "full version tag") {
		t.Errorf("action at @v1: exit %d, want a request for a full version\n%s", code, out)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeArchive packs bin as "errprobe" into a tar.gz and returns its SHA-256.
func writeArchive(t *testing.T, path, bin string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	if err := tw.WriteHeader(&tar.Header{Name: "errprobe", Mode: 0o755, Size: int64(len(data))}); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.Write(data); err != nil {
		t.Fatal(err)
	}
	for _, c := range []interface{ Close() error }{tw, gz, f} {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}
