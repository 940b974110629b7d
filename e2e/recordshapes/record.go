package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// keptHeaders are the response headers a judge of error answers reads.
var keptHeaders = []string{"Content-Type", "Allow", "WWW-Authenticate"}

// record starts f, sends its cases and writes one file per answer into
// out/f.Name, replacing the .http files recorded before.
func record(ctx context.Context, f framework, out string) (int, error) {
	srv, err := start(ctx, f)
	if err != nil {
		return 0, err
	}
	defer srv.stop()
	client := &http.Client{
		Timeout:       10 * time.Second,
		Transport:     &http.Transport{DisableCompression: true, Proxy: nil},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	// Every answer first, so a failed case leaves the old files in place.
	raws := make([][]byte, len(f.Cases))
	codes := make([]int, len(f.Cases))
	statuses := make([]string, len(f.Cases))
	for i, c := range f.Cases {
		raw, code, err := answer(ctx, client, srv.url, c)
		if err != nil {
			return 0, fmt.Errorf("case %s: %w\ntarget output:\n%s", c.Name, err, srv.out.String())
		}
		raws[i], codes[i] = raw, code
		statuses[i] = string(bytes.TrimSpace(raw[:bytes.IndexByte(raw, '\n')]))
	}
	dir := filepath.Join(out, f.Name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	old, _ := filepath.Glob(filepath.Join(dir, "*.http"))
	for _, p := range old {
		if err := os.Remove(p); err != nil {
			return 0, err
		}
	}
	n := 0
	for i, c := range f.Cases {
		if codes[i] < 400 {
			continue // not an error answer: only named in the index
		}
		if err := os.WriteFile(filepath.Join(dir, c.Name+".http"), raws[i], 0o644); err != nil {
			return 0, err
		}
		n++
	}
	return n, writeIndex(dir, f, statuses, codes)
}

// answer sends c and renders the response as the file's bytes.
func answer(ctx context.Context, client *http.Client, base string, c httpCase) ([]byte, int, error) {
	var body io.Reader
	if c.Body != "" {
		body = strings.NewReader(c.Body)
	}
	req, err := http.NewRequestWithContext(ctx, c.Method, base+c.Path, body)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Accept", "application/json, application/problem+json")
	req.Header.Set("User-Agent", "errprobe-recordshapes")
	for _, h := range c.Headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, 0, err
	}
	if c.Want != 0 && resp.StatusCode != c.Want {
		return nil, 0, fmt.Errorf("%s %s answered %d, want %d: %s", c.Method, c.Path, resp.StatusCode, c.Want, b)
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%s %s\n", resp.Proto, resp.Status)
	for _, k := range keptHeaders {
		for _, v := range resp.Header.Values(k) {
			fmt.Fprintf(&buf, "%s: %s\n", k, v)
		}
	}
	fmt.Fprintf(&buf, "Content-Length: %d\n\n", len(b))
	buf.Write(b)
	return buf.Bytes(), resp.StatusCode, nil
}

// server is a running target process.
type server struct {
	url  string
	cmd  *exec.Cmd
	out  *lockedBuffer
	done chan struct{}
}

// lockedBuffer collects a process's output, written by exec's goroutines.
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

// start runs f's command with --port N in its own process group and waits
// until its ready path answers 200.
func start(ctx context.Context, f framework) (*server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	args := append(append([]string(nil), f.Command[1:]...), "--port", strconv.Itoa(port))
	s := &server{
		url:  "http://127.0.0.1:" + strconv.Itoa(port),
		cmd:  exec.Command(f.Command[0], args...),
		out:  &lockedBuffer{},
		done: make(chan struct{}),
	}
	s.cmd.Dir = f.Dir
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %w (%s)", strings.Join(f.Command, " "), err, f.Hint)
	}
	go func() {
		_ = s.cmd.Wait()
		close(s.done)
	}()
	if err := s.waitReady(ctx, f.Ready); err != nil {
		s.stop()
		return nil, fmt.Errorf("%w (%s)\ntarget output:\n%s", err, f.Hint, s.out.String())
	}
	return s, nil
}

func (s *server) waitReady(ctx context.Context, path string) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url+path, nil)
		if err != nil {
			return err
		}
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.done:
			return errors.New("exited before it was ready")
		case <-ctx.Done():
			return fmt.Errorf("not ready: %w", ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// stop kills the process group (run.sh and interpreters start children).
func (s *server) stop() {
	select {
	case <-s.done:
		return
	default:
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	<-s.done
}
