package report

import (
	"crypto/sha256"
	_ "embed" // the page's template, style and script
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
)

// HTML writes one self-contained page: header, a matrix of operations by
// family, outcome filters and every probe's exchange. Style and script are
// inline and pinned by hash in a Content-Security-Policy that forbids every
// other request, so the page loads nothing and runs nothing else; all text
// from the target goes through html/template's contextual escaping.
type HTML struct{}

var (
	//go:embed html.tmpl
	htmlSource string
	//go:embed html.css
	htmlStyle string
	//go:embed html.js
	htmlScript string

	htmlPage = template.Must(template.New("html").Funcs(template.FuncMap{"text": keepLines, "plural": plural}).Parse(htmlSource))
	htmlCSP  = fmt.Sprintf("default-src 'none'; style-src '%s'; script-src '%s'; img-src 'none'; base-uri 'none'; form-action 'none'",
		cspHash(htmlStyle), cspHash(htmlScript))
)

func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// htmlView is what the template renders.
type htmlView struct {
	Run      *Run
	Failing  int
	Counts   []htmlCount
	Families []string
	Rows     []htmlRow
	Filters  []string
	Style    template.CSS
	Script   template.JS
	CSP      string
}

type htmlCount struct {
	Name, Label string
	N           int
}

type htmlRow struct {
	Key   string
	Cells []htmlCell
}

type htmlCell struct {
	Family, Class, Label string
}

// Report implements Reporter.
func (HTML) Report(w io.Writer, run *Run) error {
	s := run.Summary
	v := htmlView{
		Run: run, Failing: run.Failing(), Families: reportFamilies(run),
		Counts: []htmlCount{
			{"probes", "probes", s.Probes}, {"passed", "passed", s.Passed}, {"failed", "failed", s.Failed},
			{"errored", "could not be run", s.Errored}, {"skipped", "skipped", s.Skipped},
		},
		Filters: []string{"all", OutcomeFail, OutcomeError, OutcomePass, OutcomeSkip},
		Style:   template.CSS(htmlStyle), Script: template.JS(htmlScript), CSP: htmlCSP,
	}
	for _, g := range run.Operations() {
		row := htmlRow{Key: g.Operation.Key()}
		for _, f := range v.Families {
			row.Cells = append(row.Cells, htmlCellOf(f, tally(g.Results, f)))
		}
		v.Rows = append(v.Rows, row)
	}
	return htmlPage.Execute(w, v)
}

// htmlCellOf colours a cell: any failure red, else any error amber, else
// any pass green, else grey (no probe, or all skipped).
func htmlCellOf(family string, c counts) htmlCell {
	cell := htmlCell{Family: family}
	switch {
	case c.fail > 0:
		cell.Class, cell.Label = "fail", fmt.Sprintf("✗ %d", c.fail)
	case c.errs > 0:
		cell.Class, cell.Label = "error", fmt.Sprintf("! %d", c.errs)
	case c.pass > 0:
		cell.Class, cell.Label = "pass", fmt.Sprintf("✓ %d", c.pass)
	default:
		cell.Class, cell.Label = "none", "–"
	}
	return cell
}
