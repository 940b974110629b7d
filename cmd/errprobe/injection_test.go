package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/internal/hostile"
)

// injected is what a hostile target puts in its error bodies to break
// terminals and reports: ANSI escapes (colour, clear screen, a title-setting
// OSC), CDATA and XML terminators, HTML and Markdown.
const injected = "\x1b[31mRED\x1b[2J\x1b]0;pwned\x07 ]]> </testcase></testsuite> <script>alert('errprobe-xss')</script> " +
	"<img src=x onerror=alert(1)> ``` | col | **b** [l](https://evil.test) " +
	"Traceback (most recent call last): File \"/srv/app.py\", line 1, in <module>"

// Case 9 end to end: a target whose bodies carry injections; errprobe run
// with -v and every format: the terminal gets no escape byte, JUnit parses
// with one testcase per probe, HTML and Markdown carry the markup escaped.
func TestReportInjection(t *testing.T) {
	body, _ := json.Marshal(map[string]any{"title": injected, "status": 400, "detail": injected})
	_, target := recorded(t, hostile.Body(400, "application/problem+json", body))
	dir := t.TempDir()
	args := []string{"run", "--spec", "testdata/ping.yaml", "--target", target, "-v", "--fail-on", "never", "--report", "terminal"}
	for _, f := range []string{"json", "junit", "html", "markdown", "sarif"} {
		args = append(args, "--report", f+"="+filepath.Join(dir, "r."+f))
	}
	r := runArgs(args...)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	read := func(f string) string {
		data, err := os.ReadFile(filepath.Join(dir, "r."+f))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if !strings.Contains(r.stdout, "RED") {
		t.Fatalf("the terminal report does not show the body, the test proves nothing:\n%s", r.stdout)
	}
	for where, s := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
		if i := strings.IndexAny(s, "\x1b\x07\x9b"); i >= 0 {
			t.Errorf("%s holds a terminal control byte: %q", where, s[max(0, i-20):min(len(s), i+20)])
		}
	}
	var rep struct{ Results []json.RawMessage }
	if err := json.Unmarshal([]byte(read("json")), &rep); err != nil {
		t.Fatal(err)
	}
	if n := junitTestcases(t, read("junit")); n != len(rep.Results) || n == 0 {
		t.Errorf("JUnit has %d testcases, the run %d probes", n, len(rep.Results))
	}
	for _, f := range []string{"html", "markdown"} {
		out := read(f)
		if !strings.Contains(out, "errprobe-xss") {
			t.Errorf("%s report does not show the body at all", f)
		}
		for _, raw := range []string{"<script>alert(", "<img src=x", "</testcase>", "\x1b"} {
			if strings.Contains(out, raw) {
				t.Errorf("%s report holds %q unescaped", f, raw)
			}
		}
	}
	var sarif any
	if err := json.Unmarshal([]byte(read("sarif")), &sarif); err != nil {
		t.Errorf("SARIF is not JSON: %v", err)
	}
}

// junitTestcases parses a JUnit document to its end and counts testcases.
func junitTestcases(t *testing.T, doc string) int {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader([]byte(doc)))
	n := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return n
		}
		if err != nil {
			t.Fatalf("JUnit is not well-formed: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "testcase" {
			n++
		}
	}
}
