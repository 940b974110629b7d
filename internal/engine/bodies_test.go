package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/hostile"
	"github.com/errprobe/errprobe/internal/httpclient"
	"github.com/errprobe/errprobe/internal/redact"
	"github.com/errprobe/errprobe/report"
)

// Case 8: garbage bodies are findings, never crashes, and every report
// stays valid: JSON is valid UTF-8, JUnit is well-formed XML.
func TestGarbageBodies(t *testing.T) {
	bodies := map[string][]byte{
		"invalid utf-8":    []byte("{\"error\":\"\xff\xfe\xfd\"}"),
		"binary":           {0x89, 'P', 'N', 'G', 0, 1, 2, 3, 0xff},
		"bom":              []byte("\xef\xbb\xbf{\"title\":\"x\"}"),
		"nul":              []byte("{\"error\":\"a\x00b\"}\x00"),
		"million brackets": bytes.Repeat([]byte("["), 1_000_000),
		"10 MB number":     append([]byte("{\"n\":1"), bytes.Repeat([]byte("0"), 10<<20)...),
		"duplicate keys":   []byte(`{"error":"a","error":"b","status":404}`),
		"escapes and xml":  []byte("{\"error\":\"\x1b[31mred\x1b[0m ]]> </testcase> <script>alert(1)</script>\"}"),
		"unknown charset":  []byte(`{"error":"x"}`),
		"truncated":        []byte(`{"error":`),
	}
	mux := http.NewServeMux()
	var ps []checks.Probe
	for name, body := range bodies {
		ct := "application/json"
		if name == "unknown charset" {
			ct = "application/json; charset=x-klingon"
		}
		path := "/" + strings.ReplaceAll(name, " ", "-")
		mux.Handle(path, hostile.Body(http.StatusNotFound, ct, body))
		p := probes(1, http.MethodGet)[0]
		p.ID, p.Request.Path, p.Op.Path = "garbage:"+name, path, path
		ps = append(ps, p)
	}
	_, base := target(t, mux)
	e := newEngine(t, base, Options{}, httpclient.Options{MaxBody: 16 << 20})
	rs := collect(context.Background(), e, ps)
	b := &report.Builder{Base: base, RequestIDHeader: DefaultRequestIDHeader, Redactor: redact.New()}
	run := &report.Run{SchemaVersion: report.SchemaVersion, Tool: report.Tool{Name: "errprobe"}, Complete: true, Methods: []string{"GET"}}
	for _, r := range rs {
		if r.Err != nil {
			t.Errorf("%s: could not test: %v", r.Probe.ID, r.Err)
		}
		run.Results = append(run.Results, b.Result(r))
		if r.Probe.ID == "garbage:duplicate keys" || r.Probe.ID == "garbage:unknown charset" {
			continue // valid JSON (RFC 8259 §4 allows duplicates; JSON has no charset)
		}
		if !hasRule(r.Violations, checks.RuleBodyJSON, checks.RuleContentType, checks.RuleSchema) {
			t.Errorf("%s: no finding about the body: %+v", r.Probe.ID, r.Violations)
		}
	}
	run.Finish()
	for _, format := range []string{"json", "junit", "terminal"} {
		rep, err := report.New(format, report.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := rep.Report(&out, run); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if !utf8.Valid(out.Bytes()) {
			t.Errorf("%s report is not valid UTF-8", format)
		}
		switch format {
		case "json":
			if !json.Valid(out.Bytes()) {
				t.Error("JSON report is not valid JSON")
			}
		case "junit":
			if n, err := countTestcases(out.Bytes()); err != nil || n != len(bodies) {
				t.Errorf("JUnit: %d testcases, err %v; want %d", n, err, len(bodies))
			}
		case "terminal":
			if bytes.Contains(out.Bytes(), []byte("\x1b[31mred")) {
				t.Error("the terminal report passes the body's ANSI escapes through")
			}
		}
	}
}

func hasRule(vs []checks.Violation, rules ...string) bool {
	for _, v := range vs {
		for _, r := range rules {
			if v.Rule == r {
				return true
			}
		}
	}
	return false
}

func countTestcases(data []byte) (int, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	n := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "testcase" {
			n++
		}
	}
}
