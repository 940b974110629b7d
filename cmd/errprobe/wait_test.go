package main

import (
	"net"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/errprobe/errprobe/examples/demoapi"
)

// TestWaitForTarget: the demo API starts listening 700 ms after errprobe
// starts; --wait-for-target lets the run find it, without it the run
// fails with exit 3, and a deadline that passes says what happened. Not
// parallel: urfave/cli v2 mutates its global HelpFlag on every run.
func TestWaitForTarget(t *testing.T) {
	spec := filepath.Join("..", "..", "examples", "demoapi", "openapi.yaml")
	late := func(t *testing.T, after time.Duration) string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close() // nothing listens until the server starts
		srv := httptest.NewUnstartedServer(demoapi.Handler())
		t.Cleanup(srv.Close)
		timer := time.AfterFunc(after, func() {
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				t.Error(err)
				return
			}
			srv.Listener = ln
			srv.Start()
		})
		t.Cleanup(func() { timer.Stop() })
		return "http://" + addr
	}
	tests := []struct {
		name   string
		wait   string
		start  time.Duration
		exit   int
		stderr []string
	}{
		{"waits", "20s", 700 * time.Millisecond, exitViolations, []string{"waiting up to 20s for http://", "answered after"}},
		{"deadline", "1s", time.Hour, exitCannotRun, []string{"--wait-for-target: http://", "did not answer in time: waited", "attempts; the last:", "connection refused"}},
		{"no wait", "0s", 700 * time.Millisecond, exitCannotRun, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := late(t, tt.start)
			code, _, stderr := errprobeCLI(t, "run", "--spec", spec, "--target", target, "--wait-for-target", tt.wait,
				"--only", "unknown-route", "-q", "--color", "never")
			if code != tt.exit {
				t.Errorf("exit %d, want %d\n%s", code, tt.exit, stderr)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
		})
	}
}
