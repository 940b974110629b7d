//go:build e2e

package e2e

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"text/tabwriter"
)

// finding is one violation with the result that carries it.
type finding struct {
	Result    result
	Violation violation
}

// score compares an audit with its expectation.
type score struct {
	Target      string
	Expected    int       // required defects
	Found       int       // required defects found
	Missed      []defect  // required defects not found
	FalseAlarms []finding // error violations no defect covers
	NotPassed   []string  // mustPass entries not probed or not passed
	Problems    []string  // exit code, errored probes, incomplete run
}

func (s score) ok() bool {
	return len(s.Missed) == 0 && len(s.FalseAlarms) == 0 && len(s.NotPassed) == 0 && len(s.Problems) == 0
}

// compare scores an audit: recall over the required defects, precision over
// every error-severity violation, the mustPass list, the exit code and the
// probes errprobe could not carry out.
func compare(e expectation, a audit) score {
	s := score{Target: e.Target}
	rep := a.Report
	if a.Exit != e.Exit {
		s.Problems = append(s.Problems, fmt.Sprintf("exit code %d, want %d", a.Exit, e.Exit))
	}
	switch {
	case e.StopReason != "" && (rep.Complete || !strings.Contains(rep.StopReason, e.StopReason)):
		s.Problems = append(s.Problems, fmt.Sprintf("the run should stop with %q; complete %v, stop reason %q", e.StopReason, rep.Complete, rep.StopReason))
	case e.StopReason == "" && !rep.Complete:
		s.Problems = append(s.Problems, "report says the run is incomplete: "+rep.StopReason)
	}
	for _, r := range rep.Results {
		if r.Outcome == "error" || r.Error != "" {
			s.Problems = append(s.Problems, "could not test: "+r.String())
		}
	}
	for _, d := range e.Defects {
		if d.Optional {
			continue
		}
		s.Expected++
		if slices.ContainsFunc(findings(rep), d.covers) {
			s.Found++
		} else {
			s.Missed = append(s.Missed, d)
		}
	}
	for _, f := range findings(rep) {
		if f.Violation.Severity == "error" && !slices.ContainsFunc(e.Defects, func(d defect) bool { return d.covers(f) }) {
			s.FalseAlarms = append(s.FalseAlarms, f)
		}
	}
	for _, m := range e.MustPass {
		if msg := checkPassed(m, rep.Results); msg != "" {
			s.NotPassed = append(s.NotPassed, msg)
		}
	}
	return s
}

func findings(rep report) []finding {
	var out []finding
	for _, r := range rep.Results {
		for _, v := range r.Violations {
			out = append(out, finding{Result: r, Violation: v})
		}
	}
	return out
}

func (d defect) covers(f finding) bool {
	return d.Rule == f.Violation.Rule && d.matches(f.Result)
}

// checkPassed returns why m is not satisfied, or "".
func checkPassed(m mustPass, results []result) string {
	var picked []result
	for _, r := range results {
		if m.matches(r) {
			picked = append(picked, r)
		}
	}
	if len(picked) == 0 {
		return fmt.Sprintf("must pass, but errprobe sent no such probe: %s", m.selector)
	}
	var bad []string
	for _, r := range picked {
		if r.Outcome != "pass" {
			bad = append(bad, "    "+r.String())
		}
	}
	if len(bad) == 0 {
		return ""
	}
	return fmt.Sprintf("must pass: %s\n%s", m.selector, strings.Join(bad, "\n"))
}

// report logs the score table and, on failure, everything needed to see why.
func (s score) report(t *testing.T, a audit) {
	t.Helper()
	scoreboard.add(s)
	t.Log("\n" + table([]score{s}))
	if s.ok() {
		return
	}
	for _, p := range s.Problems {
		t.Errorf("%s: %s", s.Target, p)
	}
	for _, d := range s.Missed {
		var related []string
		for _, r := range a.Report.Results {
			if d.matches(r) {
				related = append(related, "    "+r.String())
			}
		}
		if len(related) == 0 {
			related = []string{"    (errprobe sent no probe this defect selects)"}
		}
		t.Errorf("%s: missed defect %s\n  errprobe said:\n%s", s.Target, d, strings.Join(related, "\n"))
	}
	// One message per result: a result often breaks several rules at once.
	var order []string
	rules := map[string][]string{}
	byID := map[string]result{}
	for _, f := range s.FalseAlarms {
		id := f.Result.ID
		if _, seen := byID[id]; !seen {
			order = append(order, id)
			byID[id] = f.Result
		}
		rules[id] = append(rules[id], f.Violation.Rule)
	}
	alarm := t.Errorf
	for _, id := range order {
		r := byID[id]
		alarm("%s: false alarm %s on %s\n    %s", s.Target, strings.Join(rules[id], ", "), r.key(), r)
	}
	for _, m := range s.NotPassed {
		t.Errorf("%s: %s", s.Target, m)
	}
	t.Logf("errprobe terminal report:\n%s\nerrprobe stderr:\n%s", a.Stdout, a.Stderr)
}

// table renders target × (expected, found, missed, false alarms).
func table(scores []score) string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "target\texpected\tfound\tmissed\tfalse alarms\tmust-pass failed\tother problems\t")
	for _, s := range scores {
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t\n", s.Target, s.Expected, s.Found, len(s.Missed),
			len(s.FalseAlarms), len(s.NotPassed), len(s.Problems))
	}
	_ = w.Flush() // writes to a strings.Builder cannot fail
	return b.String()
}

// scoreboard collects every target's score for the table TestMain prints.
var scoreboard board

type board struct {
	mu     sync.Mutex
	scores []score
}

func (b *board) add(s score) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.scores = append(b.scores, s)
}

func (b *board) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.scores) == 0 {
		return ""
	}
	scores := slices.Clone(b.scores)
	slices.SortFunc(scores, func(x, y score) int { return strings.Compare(x.Target, y.Target) })
	return "\ne2e scoreboard\n" + table(scores)
}
