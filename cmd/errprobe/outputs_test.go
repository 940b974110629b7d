package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/report"
)

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
