//go:build e2e

// Package e2e audits real servers with the errprobe binary, as a user would,
// and compares the JSON report with each target's expected.json.
package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var (
	// errprobeBin is the binary built once by TestMain.
	errprobeBin string
	// moduleRoot is the directory holding go.mod.
	moduleRoot string
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "errprobe-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	if moduleRoot, err = findModuleRoot(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	errprobeBin = filepath.Join(tmp, "errprobe")
	build := exec.Command("go", "build", "-o", errprobeBin, "./cmd/errprobe")
	build.Dir = moduleRoot
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: building errprobe in %s: %v\n%s", moduleRoot, err, out)
		return 1
	}
	code := m.Run()
	fmt.Print(scoreboard.String())
	return code
}

// findModuleRoot asks the go command where go.mod is.
func findModuleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside a Go module (go env GOMOD = %q)", gomod)
	}
	return filepath.Dir(gomod), nil
}
