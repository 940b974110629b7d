package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/errprobe/errprobe/internal/hostile"
	"github.com/errprobe/errprobe/report"
)

// Reports to special files are written in place: a named pipe stays a
// pipe and its reader gets the report, /dev/full is a write error (exit
// 3) and stays a device, a symbolic link stays a link.
func TestSpecialReportFiles(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("named pipes and /dev/full as on Linux")
	}
	srv := httptest.NewServer(pingAPI())
	t.Cleanup(srv.Close)
	args := []string{"errprobe", "run", "--spec", "testdata/ping.yaml", "--target", srv.URL, "--report", "terminal"}
	dir := t.TempDir()

	t.Run("named pipe", func(t *testing.T) {
		fifo := filepath.Join(dir, "report.pipe")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Fatal(err)
		}
		got := make(chan []byte)
		go func() {
			f, err := os.Open(fifo) // blocks until errprobe opens it
			if err != nil {
				got <- nil
				return
			}
			defer f.Close()
			data, _ := io.ReadAll(f)
			got <- data
		}()
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), append(args, "--report", "json="+fifo), &stdout, &stderr); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		var rep map[string]any
		if err := json.Unmarshal(<-got, &rep); err != nil || rep["complete"] != true {
			t.Errorf("the pipe's reader got no complete JSON report: %v", err)
		}
		if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
			t.Errorf("%s is no longer a named pipe: %v", fifo, fi.Mode())
		}
	})

	t.Run("dev full", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append(args, "--report", "json=/dev/full"), &stdout, &stderr)
		if code != exitCannotRun || !strings.Contains(stderr.String(), "/dev/full") || !strings.Contains(stderr.String(), "no space") {
			t.Errorf("exit %d, want %d with the write error; stderr: %s", code, exitCannotRun, stderr.String())
		}
		if fi, err := os.Lstat("/dev/full"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
			t.Fatalf("/dev/full is no longer a character device: %v %v", fi.Mode(), err)
		}
	})

	t.Run("symbolic link", func(t *testing.T) {
		real := filepath.Join(dir, "real.json")
		link := filepath.Join(dir, "link.json")
		writeTestFile(t, real, "old")
		if err := os.Symlink(real, link); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), append(args, "--report", "json="+link), &stdout, &stderr); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link", link)
		}
		if data, _ := os.ReadFile(real); !json.Valid(data) {
			t.Errorf("the link's target holds %.40q, want the report", data)
		}
	})

	t.Run("dev stdout", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"errprobe", "run", "--spec", "testdata/ping.yaml", "--target", srv.URL, "--report", "json=/dev/stdout"}, &stdout, &stderr); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		if !json.Valid(stdout.Bytes()) {
			t.Errorf("stdout is not the JSON report: %.80q", stdout.String())
		}
	})
}

// A description URL that never answers: fetching it has the --timeout
// deadline, and errprobe exits 2 saying so.
func TestDescriptionTimeout(t *testing.T) {
	srv := httptest.NewServer(hostile.Silent())
	t.Cleanup(srv.Close)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"errprobe", "run", "--spec", srv.URL + "/openapi.yaml", "--target", srv.URL, "--timeout", "200ms"}, &stdout, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), "no answer within 200ms") {
		t.Errorf("exit %d, want %d saying the fetch timed out; stderr: %s", code, exitUsage, stderr.String())
	}
}

func TestWriteBodiesBesideTheFirstFileReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	body := `{"name":"` + strings.Repeat("[", 500) + `"}`
	run := &report.Run{FailOn: "error", Complete: true, Results: []report.Result{{
		ID: "malformed-json-syntax:POST /a", Check: "malformed-json-syntax", Family: "malformed", Outcome: report.OutcomeFail,
		Operation: report.Operation{Method: "POST", Path: "/a"}, Request: report.Request{Method: "POST", URL: "http://127.0.0.1:1/a", Body: body},
		Response:   &report.Response{Status: 500, Headers: map[string]string{"Content-Type": "text/plain"}, Body: "boom"},
		Violations: []report.Violation{{Rule: "server-error", Severity: "error", Message: "500"}},
		Curl:       "curl -X 'POST' 'http://127.0.0.1:1/a' --data-binary '" + body + "'",
	}}}
	run.Finish()
	outs := []output{{format: "terminal"}, {format: "json", path: filepath.Join(dir, "r.json")}, {format: "sarif", path: filepath.Join(dir, "other", "r.sarif")}}
	if err := writeBodies(run, outs); err != nil {
		t.Fatal(err)
	}
	c := run.Causes[0]
	path := filepath.Join(dir, bodiesDir, c.Fingerprint+".body")
	got, err := os.ReadFile(path)
	if err != nil || string(got) != body {
		t.Fatalf("body file %s: %v, %d bytes, want the whole body", path, err, len(got))
	}
	if !strings.HasSuffix(c.Example.Curl, "--data-binary '@"+filepath.ToSlash(path)+"'") {
		t.Errorf("curl line does not read the file: %s", c.Example.Curl)
	}
}
