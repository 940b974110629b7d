//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	readyTimeout = 20 * time.Second
	portAttempts = 3
)

// target says how to start one API under test.
type target struct {
	Name      string   // as in expected.json
	Dir       string   // working directory, relative to the module root
	Command   []string // argv; the harness appends --port N
	Preflight []string // a command that must succeed first, e.g. an import check
	Hint      string   // shown when the interpreter or the preflight fails
	ReadyPath string   // polled until it answers 200
}

// server is a running target.
type server struct {
	URL string
	Dir string // absolute working directory

	cmd    *exec.Cmd
	out    *lockedBuffer
	exited chan struct{} // closed once Wait returned
	err    error         // Wait's error, valid after exited is closed
}

// startTarget starts tg on a free loopback port, waits until it is ready and
// kills its whole process group when the test ends. Anything missing (the
// interpreter, a module) fails the test: an e2e run that skips proves nothing.
func startTarget(t *testing.T, tg target) *server {
	t.Helper()
	if _, err := exec.LookPath(tg.Command[0]); err != nil {
		t.Fatalf("target %s: cannot run %q: %v\n%s", tg.Name, tg.Command[0], err, tg.Hint)
	}
	dir := filepath.Join(moduleRoot, tg.Dir)
	if len(tg.Preflight) > 0 {
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		defer cancel()
		pre := exec.CommandContext(ctx, tg.Preflight[0], tg.Preflight[1:]...)
		pre.Dir = dir
		if out, err := pre.CombinedOutput(); err != nil {
			t.Fatalf("target %s: preflight %q failed: %v\n%s\n%s", tg.Name, strings.Join(tg.Preflight, " "), err, out, tg.Hint)
		}
	}
	for attempt := 1; ; attempt++ {
		s, err := launch(t, tg, dir)
		if err == nil {
			return s
		}
		if attempt < portAttempts && strings.Contains(s.out.String(), "Address already in use") {
			t.Logf("target %s: port taken, retrying: %v", tg.Name, err)
			continue
		}
		t.Fatalf("target %s: %v\ncommand: %s\noutput:\n%s", tg.Name, err, strings.Join(s.cmd.Args, " "), s.out.String())
	}
}

// launch starts one process; on error the process is already gone.
func launch(t *testing.T, tg target, dir string) (*server, error) {
	port, err := freePort()
	if err != nil {
		t.Fatalf("target %s: %v", tg.Name, err)
	}
	args := append(append([]string(nil), tg.Command[1:]...), "--port", strconv.Itoa(port))
	s := &server{
		URL:    "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		Dir:    dir,
		cmd:    exec.Command(tg.Command[0], args...),
		out:    &lockedBuffer{},
		exited: make(chan struct{}),
	}
	s.cmd.Dir = dir
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		return s, fmt.Errorf("start: %w", err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.exited)
	}()
	if err := s.waitReady(t.Context(), tg.ReadyPath); err != nil {
		s.stop()
		return s, err
	}
	t.Cleanup(func() {
		s.stop()
		if t.Failed() {
			t.Logf("target %s output:\n%s", tg.Name, s.out.String())
		}
	})
	return s, nil
}

// waitReady polls path until it answers 200, the process exits or the
// deadline passes.
func (s *server) waitReady(ctx context.Context, path string) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	var last error
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+path, nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
		}
		last = err
		select {
		case <-s.exited:
			return fmt.Errorf("exited before it was ready: %v", s.err)
		case <-ctx.Done():
			return fmt.Errorf("not ready after %s: %w", readyTimeout, errors.Join(ctx.Err(), last))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// stop kills the process group (interpreters may start children) and waits.
func (s *server) stop() {
	select {
	case <-s.exited:
		return
	default:
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	<-s.exited
}

// freePort asks the kernel for a free loopback port. Another process may
// take it before the target binds it; startTarget retries then.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// lockedBuffer collects a process's output; exec writes it from its own
// goroutines while tests may read it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
