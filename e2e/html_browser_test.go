//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	errreport "github.com/errprobe/errprobe/report"
)

// pageElements are the only elements the report's template writes; any
// other element in the browser's DOM was injected by a hostile value.
var pageElements = []string{"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3",
	"span", "dl", "dt", "dd", "ul", "li", "main", "section", "table", "thead", "tbody", "tr", "th", "td",
	"button", "div", "details", "summary", "p", "code", "pre", "script", "strong"}

// hostile tries to leave its element, run script, load something and plant
// elements with ids the test looks for.
const hostile = `</pre></details></td>"'><script>alert(1)</script><script>document.title="pwned"</script>` +
	`<img id="errprobe-injected" src="x" onerror="alert(2)"><iframe id="errprobe-frame" src="http://example.test/"></iframe>` +
	`<svg onload="alert(3)"></svg><link rel="stylesheet" href="http://example.test/x.css">`

// TestHTMLInBrowser opens HTML reports in a real headless Chromium and
// checks what it shows against the JSON report they were made from: the
// shared fixture, the fixture with hostile text in every field the target
// or the description controls, and a fresh audit of the demo API.
func TestHTMLInBrowser(t *testing.T) {
	t.Parallel()
	chromium, node := browserTools(t)
	fixture := filepath.Join(moduleRoot, "report", "testdata", "run.json")
	cases := []struct {
		name    string
		makeRun func(t *testing.T, dir string) (jsonPath, htmlPath string)
	}{
		{"fixture", func(t *testing.T, dir string) (string, string) { return fixture, renderHTML(t, fixture, dir) }},
		{"hostile", func(t *testing.T, dir string) (string, string) {
			p := writeHostile(t, fixture, dir)
			return p, renderHTML(t, p, dir)
		}},
		{"demo", func(t *testing.T, dir string) (string, string) {
			j, h := filepath.Join(dir, "demo.json"), filepath.Join(dir, "demo.html")
			cmd := exec.Command(errprobeBin, "demo", "--report", "html="+h, "--report", "json="+j)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("errprobe demo: %v\n%s", err, out)
			}
			return j, h
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			jsonPath, htmlPath := tc.makeRun(t, dir)
			run := loadFixture(t, jsonPath)
			v, proxied := viewInBrowser(t, node, chromium, htmlPath)
			checkRendered(t, run, v)
			checkMatrix(t, run, v)
			checkInert(t, run, v, proxied)
			checkFilters(t, run, v)
		})
	}
}

func renderHTML(t *testing.T, jsonPath, dir string) string {
	t.Helper()
	h := filepath.Join(dir, "report.html")
	if out, err := exec.Command(errprobeBin, "report", "--from", jsonPath, "--report", "html="+h).CombinedOutput(); err != nil {
		t.Fatalf("errprobe report: %v\n%s", err, out)
	}
	return h
}

// writeHostile puts hostile text into every field of the fixture that comes
// from the target or the description and writes it as a JSON report. The
// probe that could not be run moves to a family its operation has no other
// probe of, so that one matrix cell is amber (the fixture has none).
func writeHostile(t *testing.T, fixture, dir string) string {
	t.Helper()
	run := loadFixture(t, fixture)
	run.SpecTitle = hostile
	run.Warnings = append(run.Warnings, hostile)
	for i := range run.Results {
		r := &run.Results[i]
		r.Description += hostile
		r.Request.Headers["X-Hostile"] = hostile
		if r.Response != nil {
			r.Response.Body = hostile
			r.Response.Headers["X-Hostile"+hostile] = hostile
		}
		if r.Error != "" {
			r.Error = hostile
			r.Family = "forbidden"
		}
		for j := range r.Violations {
			r.Violations[j].Message = hostile
		}
	}
	last := &run.Results[len(run.Results)-1]
	last.Operation.Path += hostile
	data, err := json.Marshal(run)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "hostile.json")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkRendered: the page loaded, its script ran without a complaint, and
// the counts it shows are the JSON report's summary.
func checkRendered(t *testing.T, run *errreport.Run, v browserView) {
	t.Helper()
	s := run.Summary
	want := map[string]int{"probes": s.Probes, "passed": s.Passed, "failed": s.Failed, "errored": s.Errored, "skipped": s.Skipped}
	for k, n := range want {
		if got, ok := v.Counts[k]; !ok || got != n {
			t.Errorf("count %s: browser shows %d (present %v), JSON says %d", k, got, ok, n)
		}
	}
	if v.Verdict != s.Verdict {
		t.Errorf("verdict: browser shows %q, JSON says %q", v.Verdict, s.Verdict)
	}
	if n := len(run.Results); v.Shown != fmt.Sprintf("%d of %d shown", n, n) {
		want := fmt.Sprintf("%d of %d shown", n, n) // every row, control requests too
		t.Errorf("after load the page says %q, want %q (did its script run?)", v.Shown, want)
	}
	if len(v.Console)+len(v.PageErrors) > 0 {
		t.Errorf("console %q, page errors %q; want none (a CSP refusal shows here)", v.Console, v.PageErrors)
	}
}

// checkMatrix: one row per operation in the order of the report, one cell
// per family, each coloured by the worst outcome the JSON holds for it.
func checkMatrix(t *testing.T, run *errreport.Run, v browserView) {
	t.Helper()
	var ops []string
	for _, r := range run.Results {
		if !slices.Contains(ops, r.Operation.Key()) {
			ops = append(ops, r.Operation.Key())
		}
		if !slices.Contains(v.Families, r.Family) {
			t.Errorf("family %q of %s is not a matrix column %q", r.Family, r.ID, v.Families)
		}
	}
	if len(v.Rows) != len(ops) {
		t.Fatalf("matrix has %d rows, the JSON %d operations", len(v.Rows), len(ops))
	}
	colour := map[string]string{}
	for i, row := range v.Rows {
		if row.Operation != strings.TrimSpace(ops[i]) {
			t.Errorf("row %d: %q, want %q", i, row.Operation, ops[i])
		}
		if len(row.Cells) != len(v.Families) {
			t.Fatalf("row %q has %d cells for %d families", row.Operation, len(row.Cells), len(v.Families))
		}
		for j, c := range row.Cells {
			want := worstOutcome(run, ops[i], v.Families[j])
			if c.ClassName != "cell "+want {
				t.Errorf("%s × %s: class %q, want %q", ops[i], v.Families[j], c.ClassName, "cell "+want)
			}
			if prev, ok := colour[want]; ok && prev != c.Background {
				t.Errorf("%s cells in two colours: %s and %s", want, prev, c.Background)
			}
			colour[want] = c.Background
		}
	}
	for a, ca := range colour {
		for b, cb := range colour {
			if a < b && ca == cb {
				t.Errorf("%s and %s cells look the same: %s", a, b, ca)
			}
		}
	}
	for class, dominant := range map[string]int{"fail": 0, "pass": 1} {
		if c, ok := colour[class]; ok && !dominates(c, dominant) {
			t.Errorf("%s cells are %s; want mostly %s", class, c, []string{"red", "green"}[dominant])
		}
	}
}

// worstOutcome is the cell class the JSON implies: any failure, else any
// error, else any pass, else none (no probe, or all skipped).
func worstOutcome(run *errreport.Run, op, family string) string {
	seen := map[string]bool{}
	for _, r := range run.Results {
		if r.Operation.Key() == op && r.Family == family {
			seen[r.Outcome] = true
		}
	}
	for _, o := range []string{errreport.OutcomeFail, errreport.OutcomeError, errreport.OutcomePass} {
		if seen[o] {
			return o
		}
	}
	return "none"
}

// dominates reports whether channel i of a CSS "rgb(r, g, b)" is the largest.
func dominates(rgb string, i int) bool {
	var c [3]int
	if _, err := fmt.Sscanf(rgb, "rgb(%d, %d, %d)", &c[0], &c[1], &c[2]); err != nil {
		return false
	}
	return c[i] > c[(i+1)%3] && c[i] > c[(i+2)%3]
}

// checkInert: the page asked for nothing, opened no dialog, holds only the
// template's own elements and script, and shows hostile bodies as text.
func checkInert(t *testing.T, run *errreport.Run, v browserView, proxied int64) {
	t.Helper()
	if len(v.Requests) > 0 || proxied > 0 {
		t.Errorf("the page made requests %q (%d connections to the proxy); want none", v.Requests, proxied)
	}
	if len(v.Dialogs) > 0 || v.Title == "pwned" {
		t.Errorf("injected script ran: dialogs %q, title %q", v.Dialogs, v.Title)
	}
	scripts := 0
	for _, e := range v.Elements {
		tag, id, _ := strings.Cut(e, "#")
		if !slices.Contains(pageElements, tag) || id != "" {
			t.Errorf("element %q is not one the template writes", e)
		}
		if tag == "script" {
			scripts++
		}
	}
	if scripts != 1 || len(v.EventAttributes) > 0 {
		t.Errorf("%d script elements and event handler attributes %q; want the page's one script and none", scripts, v.EventAttributes)
	}
	for _, r := range run.Results {
		if r.Response == nil || !strings.Contains(r.Response.Body, "<script>") {
			continue
		}
		// The fixture's body holds control characters, which the page shows
		// escaped; its <script> element must still be there as text.
		want := "<script>alert(1)</script>"
		if r.Response.Body == hostile {
			want = hostile
		}
		if !slices.ContainsFunc(v.Pres, func(p string) bool { return strings.Contains(p, want) }) {
			t.Errorf("%s: body %q is not shown as text", r.ID, want)
		}
	}
}

// checkFilters: each outcome button leaves exactly that outcome's probes
// visible, and a matrix cell narrows the list to its operation and family.
func checkFilters(t *testing.T, run *errreport.Run, v browserView) {
	t.Helper()
	want := map[string]int{"all": len(run.Results)}
	for _, r := range run.Results {
		want[r.Outcome]++
	}
	for _, f := range []string{"all", errreport.OutcomeFail, errreport.OutcomeError, errreport.OutcomePass, errreport.OutcomeSkip} {
		got, ok := v.Filters[f]
		if !ok {
			t.Errorf("no %q filter button", f)
			continue
		}
		if got.Visible != want[f] || got.Pressed != "true" {
			t.Errorf("after clicking %q: %d probes visible, aria-pressed %q; want %d and true", f, got.Visible, got.Pressed, want[f])
		}
	}
	if v.CellClick == nil {
		if want[errreport.OutcomeFail] > 0 {
			t.Error("no failing matrix cell was clicked, though the run has failures")
		}
		return
	}
	n := 0
	for _, r := range run.Results {
		if r.Operation.Key() == v.CellClick.Operation && r.Family == v.CellClick.Family {
			n++
		}
	}
	if v.CellClick.Visible != n || n == 0 || v.CellClick.AfterClear != len(run.Results) {
		t.Errorf("cell %s × %s: %d visible, %d after clear; want %d and %d",
			v.CellClick.Operation, v.CellClick.Family, v.CellClick.Visible, v.CellClick.AfterClear, n, len(run.Results))
	}
}
