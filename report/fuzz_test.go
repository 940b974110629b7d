package report_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/errprobe/errprobe/report"
)

// fuzzRun is a finished run of one probe whose answer the fuzzer chose.
func fuzzRun(outcome uint8, body []byte, headerName, headerValue, description string) *report.Run {
	res := report.Result{
		ID: "malformed-json-syntax:POST /pets", Check: "malformed-json-syntax", Family: "malformed",
		Description: description,
		Operation:   report.Operation{Method: "POST", Path: "/pets"},
		RequestID:   "errprobe-0000000000000001",
		Request:     report.Request{Method: "POST", URL: "https://api.example.test/pets", Headers: map[string]string{}},
		Expected:    []int{400, 422},
		Response: &report.Response{
			Status: 400, Headers: map[string]string{headerName: headerValue},
			Body: string(body), BodyBytes: len(body),
		},
		Outcome:    []string{report.OutcomePass, report.OutcomeFail, report.OutcomeError, report.OutcomeSkip}[outcome%4],
		Violations: []report.Violation{},
		Curl:       "curl -sS -i -X POST 'https://api.example.test/pets'",
	}
	switch res.Outcome {
	case report.OutcomeFail:
		res.Violations = []report.Violation{{Rule: "error-schema", Severity: "error", Message: description, Pointer: "/" + headerName}}
	case report.OutcomeError:
		res.Error, res.Response = description, nil
	}
	run := &report.Run{
		SchemaVersion: report.SchemaVersion, Tool: report.Tool{Name: "errprobe", Version: "fuzz"},
		SpecTitle: description, FailOn: "error", Complete: true, Methods: []string{"POST"},
		Results: []report.Result{res},
	}
	run.Finish()
	return run
}

func FuzzReporters(f *testing.F) {
	f.Add(uint8(1), []byte(`{"error":"x","message":"y"}`), "Content-Type", "application/json", "send a body that is not JSON")
	f.Add(uint8(1), []byte("\x1b[31mred\x1b[0m ]]> </testcase> <script>alert(1)</script>"), "X-Evil", "\x1b]0;title\x07", "\x1b[2J")
	f.Add(uint8(2), []byte("Ошибка ✓ 漢字 \uFFFD"), "Content-Language", "ru", "ошибка\u202eevil")
	f.Add(uint8(0), []byte("\xff\xfe\x00\x01\x9b31m"), "\xff", "\x00", "\xc3\x28 \ufffe \U0010FFFF")
	f.Add(uint8(3), []byte("]]>"), "", "", "")
	f.Fuzz(func(t *testing.T, outcome uint8, body []byte, headerName, headerValue, description string) {
		run := fuzzRun(outcome, body, headerName, headerValue, description)
		for _, v := range variants() {
			out := render(t, v, run)
			switch {
			case v.format == "json":
				if !json.Valid(out) || !utf8.Valid(out) {
					t.Fatalf("json: invalid JSON or UTF-8:\n%q", out)
				}
			case v.format == "junit":
				doc := decodeJUnit(t, out)
				n := 0
				for _, s := range doc.Suites {
					n += len(s.Cases)
				}
				if n != 1 {
					t.Fatalf("junit: %d testcases, want 1:\n%s", n, out)
				}
			case v.format == "sarif":
				sarifValid(t, out)
			case v.format == "markdown":
				checkMarkdown(t, out)
			case v.format == "html":
				if n := bytes.Count(bytes.ToLower(out), []byte("<script")); n != 1 || bytes.IndexByte(out, 0x1b) >= 0 {
					t.Fatalf("html: %d script tags or an ESC byte:\n%s", n, out)
				}
			case v.format == "terminal" && !v.opts.Color:
				if i := bytes.IndexByte(out, 0x1b); i >= 0 {
					t.Fatalf("%s: ESC byte at %d:\n%q", v.name, i, out)
				}
			}
		}
	})
}

// checkMarkdown fails on an ESC byte, invalid UTF-8, or a < that is not
// one of errprobe's own tags outside a fenced block.
func checkMarkdown(t *testing.T, out []byte) {
	t.Helper()
	if !utf8.Valid(out) || bytes.IndexByte(out, 0x1b) >= 0 {
		t.Fatalf("markdown: invalid UTF-8 or an ESC byte:\n%q", out)
	}
	fence := ""
	for _, line := range strings.Split(string(out), "\n") {
		switch {
		case fence == "" && strings.HasPrefix(line, "```"):
			fence = strings.TrimSuffix(line, "sh")
		case fence != "" && line == fence:
			fence = ""
		case fence == "":
			for _, tag := range []string{"<details>", "</details>", "<summary>", "</summary>"} {
				line = strings.ReplaceAll(line, tag, "")
			}
			if strings.ContainsAny(line, "<>") {
				t.Fatalf("markdown: raw < or > in %q", line)
			}
		}
	}
	if fence != "" {
		t.Fatalf("markdown: unclosed fence %s", fence)
	}
}
