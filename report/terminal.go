package report

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"
)

// Terminal writes the human report: a header, the causes worst first, an
// operations × families matrix and the verdict; with -v also one line per
// probe grouped by operation with details, and the summary tables.
type Terminal struct {
	opts                        Options
	pass, fail, errc, dim, bold *color.Color
	// preambled is set once Preamble wrote the header's first lines, which
	// Report then leaves out.
	preambled bool
}

// NewTerminal returns a terminal reporter. Colour is per reporter, never the
// global switch, so other outputs of the same run stay plain.
func NewTerminal(o Options) *Terminal {
	t := &Terminal{
		opts: o,
		pass: color.New(color.FgGreen), fail: color.New(color.FgRed, color.Bold),
		errc: color.New(color.FgYellow, color.Bold), dim: color.New(color.Faint), bold: color.New(color.Bold),
	}
	for _, c := range []*color.Color{t.pass, t.fail, t.errc, t.dim, t.bold} {
		if o.Color {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return t
}

// ew wraps a writer and keeps the first write error, so rendering code can
// stay linear and the error is still returned.
type ew struct {
	w       io.Writer
	err     error
	written bool
}

func (e *ew) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
		e.written = true
	}
}

// Report implements Reporter.
func (t *Terminal) Report(w io.Writer, run *Run) error {
	out := &ew{w: w}
	t.header(out, run)
	if t.opts.Verbosity > 0 {
		for _, g := range run.Operations() {
			t.operation(out, g)
		}
		t.summary(out, run)
	}
	t.causes(out, run)
	if t.opts.Verbosity >= 0 {
		t.matrix(out, run)
	}
	t.verdict(out, run)
	return out.err
}

// Preamble writes the first lines of the header (target, description,
// probes planned, methods and whether the run can change data) before the
// first request is sent, so a person or a CI log sees what is about to
// happen; Report then leaves them out.
func (t *Terminal) Preamble(w io.Writer, run *Run, probes, controls int) error {
	if t.opts.Verbosity < 0 {
		return nil
	}
	out := &ew{w: w}
	t.first(out, run, probes, controls)
	t.preambled = out.err == nil
	return out.err
}

func (t *Terminal) header(out *ew, run *Run) {
	if t.opts.Verbosity < 0 {
		return
	}
	if !t.preambled {
		t.first(out, run, run.Summary.Probes, 0)
	}
	if c := run.ErrorContract; c != nil {
		out.printf("Error contract: %s\n", escape(c.String()))
	}
	for _, w := range run.Warnings {
		out.printf("%s %s\n", t.errc.Sprint("warning:"), escape(excerpt(w, 200)))
	}
}

// first writes the header's lines that are known before the run.
func (t *Terminal) first(out *ew, run *Run, probes, controls int) {
	out.printf("%s %s · target %s · spec %s\n", t.bold.Sprint(run.Tool.Name), run.Tool.Version, escape(run.Target), escape(run.Spec))
	title := run.SpecTitle
	if run.SpecVersion != "" {
		title += " (OpenAPI " + run.SpecVersion + ")"
	}
	count := plural(probes, "probe")
	if controls > 0 {
		count += fmt.Sprintf(" + %s", plural(controls, "control request"))
	}
	out.printf("%s · %s · seed %d · error schema %s\n", escape(title), count, run.Seed, run.ErrorSchema)
	if len(run.Methods) > 0 {
		out.printf("Methods sent: %s%s\n", strings.Join(run.Methods, ", "), changesData(run.Methods))
	}
}

func changesData(methods []string) string {
	for _, m := range methods {
		if m != "GET" && m != "HEAD" && m != "OPTIONS" {
			return " (this run can change data on the target)"
		}
	}
	return " (read-only)"
}

func (t *Terminal) operation(out *ew, g OperationGroup) {
	shown := false
	for _, r := range g.Results {
		bad := r.Outcome == OutcomeFail || r.Outcome == OutcomeError
		if t.opts.Verbosity < 0 && !bad {
			continue
		}
		if !shown {
			name := g.Operation.Key()
			if g.Operation.OperationID != "" {
				name += " (" + g.Operation.OperationID + ")"
			}
			if out.written {
				out.printf("\n")
			}
			out.printf("%s\n", t.bold.Sprint(escape(name)))
			shown = true
		}
		t.line(out, r)
		if bad || t.opts.Verbosity > 0 {
			t.details(out, r)
		}
	}
}

func (t *Terminal) line(out *ew, r Result) {
	label := map[string]string{
		OutcomePass: t.pass.Sprint("PASS "), OutcomeFail: t.fail.Sprint("FAIL "),
		OutcomeError: t.errc.Sprint("ERROR"), OutcomeSkip: t.dim.Sprint("SKIP "),
	}[r.Outcome]
	status := "---"
	if r.Response != nil {
		status = fmt.Sprint(r.Response.Status)
	}
	desc := r.Description
	if t.opts.Width > 0 {
		desc = excerpt(desc, max(20, t.opts.Width-45)) // what the outcome, status and check leave
	}
	out.printf("  %s %s  %-26s %s\n", label, status, r.Check, escape(desc))
}

func (t *Terminal) details(out *ew, r Result) {
	pad := "         "
	if r.Response != nil && len(r.Expected) > 0 && !containsInt(r.Expected, r.Response.Status) {
		out.printf("%sexpected %s, got %d\n", pad, statusWords(r.Expected), r.Response.Status)
	}
	for _, v := range r.Violations {
		out.printf("%s%s %s: %s%s\n", pad, t.mark(v.Severity), v.Rule, excerpt(v.Message, 300), baselineMark(v))
	}
	if r.Error != "" {
		out.printf("%s%s could not test: %s\n", pad, t.errc.Sprint("!"), excerpt(r.Error, 300))
	}
	if r.Reason != "" {
		out.printf("%s%s\n", pad, excerpt(r.Reason, 300))
	}
	if r.Response != nil && r.Response.Body != "" {
		out.printf("%sbody: %s\n", pad, t.dim.Sprint(excerpt(r.Response.Body, 160)))
	}
	out.printf("%srequest id: %s\n", pad, r.RequestID)
	out.printf("%s%s\n", pad, t.dim.Sprint(shortCurl(r.CurlLine())))
}

// counts tallies outcomes; terminal, markdown and html share it.
type counts struct{ probes, pass, fail, errs, skip int }

func (c *counts) add(outcome string) {
	c.probes++
	switch outcome {
	case OutcomePass:
		c.pass++
	case OutcomeFail:
		c.fail++
	case OutcomeError:
		c.errs++
	case OutcomeSkip:
		c.skip++
	}
}

func (t *Terminal) summary(out *ew, run *Run) {
	byFamily, byCheck := map[string]*counts{}, map[string]*counts{}
	var checkOrder []string
	for _, r := range run.Results {
		if byFamily[r.Family] == nil {
			byFamily[r.Family] = &counts{}
		}
		if byCheck[r.Check] == nil {
			byCheck[r.Check] = &counts{}
			checkOrder = append(checkOrder, r.Check)
		}
		byFamily[r.Family].add(r.Outcome)
		byCheck[r.Check].add(r.Outcome)
	}
	out.printf("\n%s\n", t.bold.Sprint("Summary"))
	t.table(out, "family", familyNames(), byFamily)
	out.printf("\n")
	t.table(out, "check", slices.Sorted(maps.Keys(byCheck)), byCheck)
}

func (t *Terminal) table(out *ew, title string, rows []string, m map[string]*counts) {
	out.printf("  %-28s %6s %6s %6s %6s %6s\n", title, "probes", "pass", "fail", "error", "skip")
	for _, name := range rows {
		c := m[name]
		if c == nil {
			continue
		}
		out.printf("  %-28s %6d %6d %6d %6d %6d\n", name, c.probes, c.pass, c.fail, c.errs, c.skip)
	}
}

func (t *Terminal) verdict(out *ew, run *Run) {
	s := run.Summary
	line := fmt.Sprintf("%s failing · %d passed, %d failed, %s, %d skipped", plural(run.FailingCauses(), "cause"), s.Passed, s.Failed, plural(s.Errored, "error"), s.Skipped)
	if s.Controls > 0 {
		line += fmt.Sprintf(" (+%s)", plural(s.Controls, "control request"))
	}
	var v []string
	for _, sev := range []string{"error", "warning", "info"} {
		if n := s.Violations[sev]; n > 0 {
			v = append(v, fmt.Sprintf("%d %s", n, sev))
		}
	}
	if len(v) > 0 {
		line += " · violations: " + strings.Join(v, ", ")
	}
	switch s.Verdict {
	case "pass":
		out.printf("\n%s %s (fail-on %s)\n", t.pass.Sprint("PASS"), line, run.FailOn)
	case "fail":
		out.printf("\n%s %s (fail-on %s)\n", t.fail.Sprint("FAIL"), line, run.FailOn)
	default:
		out.printf("\n%s %s\n", t.errc.Sprint("INCOMPLETE"), line)
		if run.StopReason != "" {
			out.printf("%s\n", escape(run.StopReason))
		}
	}
	t.baseline(out, run)
}

func containsInt(s []int, n int) bool { return slices.Contains(s, n) }

// curlLine prints a reproduction as it can be pasted: newlines inside its
// quoted body stay real; anything that could drive the terminal is escaped.
func curlLine(c string) string {
	if strings.ContainsFunc(strings.ReplaceAll(c, "\n", ""), unsafeRune) || !utf8.ValidString(c) {
		return escape(c)
	}
	return c
}

// mark shows a violation's severity: errors fail a default run, warnings
// and info are advice.
func (t *Terminal) mark(severity string) string {
	switch severity {
	case "warning":
		return t.errc.Sprint("! warning")
	case "info":
		return t.dim.Sprint("i info")
	}
	return t.fail.Sprint("✗")
}

// wrap breaks text at spaces into lines of at most the terminal's width,
// each after pad (a word longer than a line stays whole); without a width
// it is one line.
func (t *Terminal) wrap(pad, text string) string {
	if t.opts.Width <= 0 || utf8.RuneCountInString(pad+text) <= t.opts.Width {
		return pad + text
	}
	limit := max(20, t.opts.Width-utf8.RuneCountInString(pad))
	var b strings.Builder
	line := 0
	for i, w := range strings.Fields(text) {
		n := utf8.RuneCountInString(w)
		switch {
		case i == 0:
			b.WriteString(pad)
		case line+1+n > limit:
			b.WriteString("\n" + pad)
			line = 0
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += n
	}
	return b.String()
}
