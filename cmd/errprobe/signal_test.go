package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Case 20: signals to a real process. SIGINT exits 130 and SIGTERM 143,
// after in-flight probes get a short grace, with every report written
// atomically and marked incomplete; a second signal exits at once and
// leaves the previous report intact.
func TestSignals(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX signals")
	}
	bin := filepath.Join(t.TempDir(), "errprobe")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	tests := []struct {
		name    string
		signals []syscall.Signal
		code    int
		written bool
	}{
		{"SIGINT", []syscall.Signal{syscall.SIGINT}, 130, true},
		{"SIGTERM", []syscall.Signal{syscall.SIGTERM}, 143, true},
		{"second signal", []syscall.Signal{syscall.SIGINT, syscall.SIGINT}, 130, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			started := make(chan struct{}, 100)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				started <- struct{}{}
				select {
				case <-r.Context().Done():
				case <-time.After(30 * time.Second):
				}
			}))
			t.Cleanup(srv.Close)
			path := filepath.Join(t.TempDir(), "run.json")
			if err := os.WriteFile(path, []byte("previous"), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bin, "run", "--spec", "testdata/ping.yaml", "--target", srv.URL, "-c", "1", "--timeout", "60s", "--report", "json="+path)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			select {
			case <-started:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatal("no probe arrived")
			}
			sent := time.Now()
			for i, s := range tt.signals {
				if i > 0 {
					time.Sleep(100 * time.Millisecond) // two signals at once may merge into one
				}
				cmd.Process.Signal(s)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			var err error
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				cmd.Process.Kill()
				t.Fatal("still running 5s after the signal")
			}
			if el := time.Since(sent); el > 2*time.Second {
				t.Errorf("exited %s after the signal", el)
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tt.code {
				t.Fatalf("exit %v, want %d; stderr %s", err, tt.code, stderr.String())
			}
			data, _ := os.ReadFile(path)
			if !tt.written {
				if el := time.Since(sent); el > 400*time.Millisecond {
					t.Errorf("the second signal took %s: it did not exit at once", el)
				}
				if string(data) != "previous" && !json.Valid(data) {
					t.Errorf("the previous report was damaged: %q", data)
				}
				return
			}
			var rep jsonReport
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatalf("report: %v: %q", err, data)
			}
			if rep.Complete || !strings.Contains(rep.StopReason, "not run") || rep.Summary.Skipped == 0 {
				t.Errorf("report %+v: want incomplete with the count of probes not run", rep)
			}
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*.tmp"))
			if len(leftovers) > 0 {
				t.Errorf("temporary files left: %v", leftovers)
			}
		})
	}
}
