package report

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/errprobe/errprobe/checks"
)

// Terminal limits: a cause lists this many operations, curl lines this
// long are cut (a file report carries them whole), the matrix this many
// operations unless -v.
const (
	causeOps     = 3
	maxCurl      = 300
	matrixRows   = 30
	causeExcerpt = 160
)

// causes prints one short block per cause, worst first. Quiet shows only
// the failing ones; info causes that do not fail get one line unless -v.
func (t *Terminal) causes(out *ew, run *Run) {
	if len(run.Causes) == 0 {
		return
	}
	if out.written {
		out.printf("\n")
	}
	out.printf("%s\n", t.bold.Sprintf("Causes: %d (%d failing)", len(run.Causes), run.FailingCauses()))
	var hidden int
	var brief []Cause
	for i, c := range run.Causes {
		switch {
		case t.opts.Verbosity < 0 && c.Failing == 0:
			hidden++
		case t.opts.Verbosity < 1 && c.Failing == 0 && c.Severity == "info":
			brief = append(brief, c)
		default:
			t.cause(out, i+1, c)
		}
	}
	if len(brief) > 0 {
		out.printf("\n  %s\n", t.dim.Sprint("info, about the whole API (explain RULE for the fix):"))
		for _, c := range brief {
			out.printf("  %s %s: %s (%s on %s)\n", t.mark(c.Severity), c.Rule, briefText(c),
				plural(c.Count, "answer"), plural(len(c.Operations), "operation"))
		}
	}
	if hidden > 0 {
		out.printf("\n  %s\n", t.dim.Sprintf("%s below the fail-on threshold not shown (without -q they are)", plural(hidden, "cause")))
	}
	t.envNote(out, run)
}

var envRef = regexp.MustCompile(`"\$(ERRPROBE_[A-Z0-9_]+)"`)

// envNote says how to set the credential variables the curl lines use:
// the lines never hold a credential, so they run only once it is set.
func (t *Terminal) envNote(out *ew, run *Run) {
	seen := map[string]bool{}
	var names []string
	for _, c := range run.Causes {
		for _, m := range envRef.FindAllStringSubmatch(c.Example.Curl, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				names = append(names, m[1])
			}
		}
	}
	if len(names) == 0 {
		return
	}
	slices.Sort(names)
	out.printf("\n%s\n", t.dim.Sprintf("curl lines read %s from the environment: export each as the whole 'Header: value' line given to --auth (--low-auth), e.g. export ERRPROBE_AUTH='Authorization: Bearer …'",
		strings.Join(names, ", ")))
}

// cause prints one cause: what, how often and where, then (for a failing
// cause, or any with -v) the representative answer and its curl line,
// then the fix.
func (t *Terminal) cause(out *ew, n int, c Cause) {
	out.printf("\n%d. %s %s · %s%s on %s · %s%s\n", n, t.mark(c.Severity), t.bold.Sprint(c.Rule), plural(c.Count, "answer"),
		failingPart(c), escape(listOps(c.Operations, causeOps)), t.dim.Sprint(c.Fingerprint), acceptedMark(c))
	pad := "   "
	out.printf("%s\n", t.wrap(pad, excerpt(c.Example.Message, 300)))
	if ex := c.Example; c.Failing > 0 || t.opts.Verbosity > 0 {
		switch {
		case ex.Status != 0 && ex.Excerpt != "":
			out.printf("%se.g. %s → %d: %s\n", pad, escape(ex.Operation), ex.Status, t.dim.Sprint(excerpt(ex.Excerpt, causeExcerpt)))
		case ex.Status != 0:
			out.printf("%se.g. %s → %d, no body\n", pad, escape(ex.Operation), ex.Status)
		}
		out.printf("%s%s\n", pad, t.dim.Sprint(shortCurl(ex.Curl)))
	}
	if c.Remedy != "" {
		label := "fix:"
		if c.Preset != "" {
			label = "fix (" + c.Preset + "):"
		}
		out.printf("%s\n", t.wrap(pad, t.pass.Sprint(label)+" "+escape(c.Remedy)))
	}
}

// briefText is what a one-line cause says: the fact for a fact about the
// whole API (a header on every answer), else the example's message.
func briefText(c Cause) string {
	if runLevel[c.Rule] {
		return escape(c.Fact)
	}
	return excerpt(c.Example.Message, causeExcerpt)
}

// runLevel are the rules whose cause is a fact about the whole API.
var runLevel = map[string]bool{
	checks.RuleNosniff: true, checks.RuleCacheControlAuth: true,
	checks.RuleCORSWildcard: true, checks.RuleVersionDisclosure: true,
}

// failingPart says how many of a cause's answers fail the run when not all do.
func failingPart(c Cause) string {
	if c.Failing > 0 && c.Failing < c.Count {
		return fmt.Sprintf(" (%d failing)", c.Failing)
	}
	return ""
}

func acceptedMark(c Cause) string {
	if c.Accepted > 0 && c.Accepted == c.Count {
		return " (accepted by baseline)"
	}
	if c.Accepted > 0 {
		return fmt.Sprintf(" (%d accepted by baseline)", c.Accepted)
	}
	return ""
}

// listOps names the first n operations and counts the rest.
func listOps(ops []string, n int) string {
	if len(ops) <= n {
		return strings.Join(ops, ", ")
	}
	return fmt.Sprintf("%s and %d more operations", strings.Join(ops[:n], ", "), len(ops)-n)
}

// shortCurl cuts a reproduction longer than maxCurl, saying so; the JSON
// report has it whole. A line whose body was moved to a file beside the
// reports (Run.MoveLongBodies) is shown whole.
func shortCurl(c string) string {
	line := curlLine(c)
	n := utf8.RuneCountInString(line)
	if n <= maxCurl || strings.Contains(line, " --data-binary '@") {
		return line // a body moved to a file leaves a line that is whole and short enough
	}
	return string([]rune(line)[:maxCurl]) + fmt.Sprintf("… (cut at %d of %d characters; the JSON report has it whole)", maxCurl, n)
}

// matrix prints operations × families: failing/probes per cell, "ok"
// when all passed. Operations the description does not declare (only
// unknown-route probes reach them) share one row. Without -v only rows
// with a failure, capped.
func (t *Terminal) matrix(out *ew, run *Run) {
	var fams []string
	for _, f := range familyNames() {
		if f != string(checks.FamilyControl) { // records, not probes
			fams = append(fams, f)
		}
	}
	rows := t.matrixRows(run)
	if len(rows) == 0 {
		return
	}
	width := 9
	for _, r := range rows {
		width = max(width, min(utf8.RuneCountInString(r.op), 48))
	}
	out.printf("\n%s\n", t.bold.Sprint("Operations × families (failed/probes; ! some could not be tested)"))
	out.printf("  %-*s", width, "operation")
	for _, f := range fams {
		out.printf(" %9s", shortFamily(f))
	}
	out.printf("\n")
	for i, r := range rows {
		if i == matrixRows && t.opts.Verbosity < 1 {
			out.printf("  … and %s more (-v lists all)\n", plural(len(rows)-i, "operation"))
			break
		}
		op := r.op
		if utf8.RuneCountInString(op) > width {
			op = excerpt(op, width-1)
		}
		out.printf("  %-*s", width, escape(op))
		for _, f := range fams {
			out.printf(" %9s", cell(r.cells[f]))
		}
		out.printf("\n")
	}
}

type matrixRow struct {
	op    string
	cells map[string]*counts
	bad   bool
}

func (r *matrixRow) add(res Result) {
	if r.cells[res.Family] == nil {
		r.cells[res.Family] = &counts{}
	}
	r.cells[res.Family].add(res.Outcome)
	r.bad = r.bad || res.Outcome == OutcomeFail || res.Outcome == OutcomeError
}

func (t *Terminal) matrixRows(run *Run) []matrixRow {
	var rows []matrixRow
	other := matrixRow{op: "undeclared methods and paths", cells: map[string]*counts{}}
	for _, g := range run.Operations() {
		r := matrixRow{op: g.Operation.Key(), cells: map[string]*counts{}}
		declared := false
		for _, res := range g.Results {
			declared = declared || res.Family != string(checks.FamilyUnknown)
		}
		for _, res := range g.Results {
			if declared {
				r.add(res)
			} else {
				other.add(res)
			}
		}
		if declared && (r.bad || t.opts.Verbosity > 0) {
			rows = append(rows, r)
		}
	}
	if other.bad || (len(other.cells) > 0 && t.opts.Verbosity > 0) {
		rows = append(rows, other)
	}
	return rows
}

func shortFamily(f string) string {
	if f == "missing-parameter" {
		return "missing"
	}
	if f == "unknown-route" {
		return "unknown"
	}
	return f
}

func cell(c *counts) string {
	switch {
	case c == nil:
		return "-"
	case c.pass == 0 && c.fail == 0 && c.errs == 0:
		return "skip"
	case c.fail == 0 && c.errs == 0:
		return "ok"
	case c.errs > 0:
		return fmt.Sprintf("%d/%d!", c.fail, c.probes)
	}
	return fmt.Sprintf("%d/%d", c.fail, c.probes)
}
