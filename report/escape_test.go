package report_test

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/report"
)

// hostile is text a malicious target could put in a body, a header or an
// error message that ends up in a report.
const hostile = "<script>alert(1)</script> <img src=x onerror=alert(2)> | ]]> `tick` ``` [link](https://evil.test) " +
	"![img](https://evil.test/i.png) @octocat **bold** <!-- x --> \x1b[31m </details> # h\n> quote\n|a|b|"

// hostileRun is one failing probe per operation with hostile text in every
// field that comes from the target, and a curl line with a fence inside.
func hostileRun() *report.Run {
	run := fuzzRun(1, []byte(hostile), "X-"+hostile, hostile, hostile)
	r := &run.Results[0]
	r.Operation.Path = "/pets/" + hostile
	r.Curl = "curl -sS 'https://api.example.test/pets' --data-binary '\n```\n" + hostile + "\n````\n'"
	r.RequestID = hostile
	run.Target, run.Spec = "https://api.example.test/"+hostile, hostile
	run.Finish()
	return run
}

func TestMarkdownEscapesHostileText(t *testing.T) {
	t.Parallel()
	run := hostileRun()
	out := string(render(t, variant{"markdown", "markdown", report.Options{}}, run))
	inFence, fence := false, ""
	var block []string
	var blocks [][]string
	for i, line := range strings.Split(out, "\n") {
		switch {
		case !inFence && strings.HasPrefix(line, "```"):
			inFence, fence, block = true, strings.TrimRight(line, "sh"), nil
			continue
		case inFence && line == fence:
			inFence = false
			blocks = append(blocks, block)
			continue
		case inFence:
			block = append(block, line)
			continue
		}
		outside := line
		for _, tag := range []string{"<details>", "</details>", "<summary>", "</summary>"} {
			outside = strings.ReplaceAll(outside, tag, "")
		}
		if strings.ContainsAny(outside, "<>") {
			t.Errorf("line %d has a raw < or >: %q", i+1, line)
		}
		if m := regexp.MustCompile(`(^|[^\\])[\[\]]`).FindString(outside); m != "" && !strings.HasPrefix(line, "|") {
			t.Errorf("line %d has an unescaped bracket: %q", i+1, line)
		}
		if strings.Contains(line, "@octocat") {
			t.Errorf("line %d would mention someone: %q", i+1, line)
		}
		if strings.HasPrefix(line, "| ") {
			if n := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1)); n != 6 {
				t.Errorf("table row %d has %d cell delimiters, want 6: %q", i+1, n, line)
			}
		}
		if strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "## ") && !strings.HasPrefix(line, "#### ") {
			t.Errorf("line %d starts a heading of the target's making: %q", i+1, line)
		}
		if strings.HasPrefix(line, ">") {
			t.Errorf("line %d starts a quote: %q", i+1, line)
		}
	}
	if inFence {
		t.Fatal("a fenced block is never closed")
	}
	// The curl line is the cause's example and the probe's detail.
	if len(blocks) != 2 {
		t.Errorf("%d fenced blocks, want the curl line twice: %q", len(blocks), blocks)
	}
	for _, b := range blocks {
		if strings.Join(b, "\n") != strings.ReplaceAll(run.Results[0].Curl, "\x1b", `\x1b`) {
			t.Errorf("the curl line is not an intact fenced block: %q", b)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Error("an ESC byte reached the Markdown")
	}
}

var htmlExternal = regexp.MustCompile(`(?i)\s(src|href|action|srcset|poster|data|formaction)\s*=|url\(|@import|fetch\(|XMLHttpRequest|WebSocket|sendBeacon`)

func TestHTMLEscapesHostileText(t *testing.T) {
	t.Parallel()
	for _, run := range []*report.Run{hostileRun(), loadRun(t)} {
		out := string(render(t, variant{"html", "html", report.Options{}}, run))
		if n := strings.Count(strings.ToLower(out), "<script"); n != 1 {
			t.Errorf("%d <script elements, want only errprobe's own", n)
		}
		for _, bad := range []string{"<img", "<!-- x", "</details> # h", "\x1b"} {
			if strings.Contains(out, bad) {
				t.Errorf("output contains %q raw", bad)
			}
		}
		script := out[strings.Index(out, "<script>")+len("<script>") : strings.Index(out, "</script>")]
		style := out[strings.Index(out, "<style>")+len("<style>") : strings.Index(out, "</style>")]
		// Text is escaped, so every < left opens one of errprobe's own tags.
		// Attribute values are quoted and escaped: only names and code count.
		for _, code := range append(regexp.MustCompile(`<[^>]*>`).FindAllString(out, -1), script, style) {
			if m := htmlExternal.FindString(regexp.MustCompile(`="[^"]*"`).ReplaceAllString(code, `=""`)); m != "" {
				t.Errorf("output may make an external request: %q in %.80q", m, code)
			}
		}
		for what, s := range map[string]string{"script": script, "style": style} {
			sum := sha256.Sum256([]byte(s))
			h := strings.ReplaceAll("sha256-"+base64.StdEncoding.EncodeToString(sum[:]), "+", "&#43;")
			if !strings.Contains(out, h) {
				t.Errorf("the Content-Security-Policy does not allow the page's own %s (%s)", what, h)
			}
		}
	}
	out := string(render(t, variant{"html", "html", report.Options{}}, hostileRun()))
	if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the hostile body is not shown as text")
	}
}

func TestHTMLCounts(t *testing.T) {
	t.Parallel()
	run := loadRun(t)
	out := string(render(t, variant{"html", "html", report.Options{}}, run))
	s := run.Summary
	for name, want := range map[string]int{"probes": s.Probes, "passed": s.Passed, "failed": s.Failed, "errored": s.Errored, "skipped": s.Skipped} {
		re := regexp.MustCompile(`data-count="` + name + `">(\d+)<`)
		m := re.FindStringSubmatch(out)
		if m == nil || m[1] != fmt.Sprint(want) {
			t.Errorf("data-count %s = %v, want %d", name, m, want)
		}
	}
	if n := strings.Count(out, `<details class="probe `); n != len(run.Results) {
		t.Errorf("%d probe entries, want %d", n, len(run.Results))
	}
	cells := regexp.MustCompile(`class="cell (\w+)" data-op="([^"]*)" data-family="([^"]*)"`).FindAllStringSubmatch(out, -1)
	want := map[string]string{"GET /pets|forbidden": "pass", "GET /pets|missing-parameter": "fail",
		"POST /pets|malformed": "fail", "DELETE /pets/{id}|malformed": "none", "GET /pets|malformed": "none"}
	for _, c := range cells {
		if w, ok := want[c[2]+"|"+c[3]]; ok && w != c[1] {
			t.Errorf("cell %s × %s is %s, want %s", c[2], c[3], c[1], w)
		}
	}
}
