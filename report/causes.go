package report

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"

	"github.com/errprobe/errprobe/checks"
)

// Cause is one rule broken the same way (the same observed status, body
// shape or header fact, the same kind of mistake) across probes and
// operations: what a person fixes once.
type Cause struct {
	// Fingerprint is stable: a hash of the rule and the normalised fact,
	// independent of probe order, seed, run, ports and request IDs.
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	// Severity is the highest severity of the cause's violations.
	Severity string `json:"severity"`
	Title    string `json:"title"`
	// Fact is the normalised fact the fingerprint hashes, in words.
	Fact string `json:"fact"`
	// Count is the number of violations (answers) that showed the cause.
	Count int `json:"count"`
	// Failing counts the violations that fail the run (fail-on threshold,
	// baseline-accepted ones left out).
	Failing int `json:"failing"`
	// Accepted counts the violations a baseline accepts.
	Accepted int `json:"accepted,omitempty"`
	// Operations are the operations touched, "METHOD /path", in report order.
	Operations []string     `json:"operations"`
	Example    CauseExample `json:"example"`
	// Remedy is one line of what to do: the fix of Preset when that has
	// its own, else the general one.
	Remedy string `json:"remedy"`
	// Preset names the framework whose fix Remedy is: the run's preset,
	// or one recognised from the answers' Server or X-Powered-By headers.
	Preset string `json:"preset,omitempty"`
}

// CauseExample is the representative answer of a cause: the first in
// report order of its worst answers (highest severity, failing first).
type CauseExample struct {
	Probe     string `json:"probe"`
	Operation string `json:"operation"`
	Message   string `json:"message"`
	Status    int    `json:"status,omitempty"`
	Excerpt   string `json:"excerpt,omitempty"`
	Curl      string `json:"curl"`
}

// excerptRunes bounds a cause's response excerpt.
const excerptRunes = 200

// Fingerprint hashes a rule and its normalised fact.
func Fingerprint(rule, fact string) string {
	sum := sha256.Sum256([]byte(rule + "\x00" + fact))
	return hex.EncodeToString(sum[:8])
}

// groupCauses sets each violation's cause and returns the causes, worst
// first. Results must be sorted and settled.
func (r *Run) groupCauses() []Cause {
	t := checks.LenientThreshold(r.FailOn)
	preset := r.Preset
	if preset == "" && r.ErrorContract != nil {
		preset = r.ErrorContract.Preset // the framework its error answers show
	}
	if preset == "" {
		preset = recognise(r.Results)
	}
	index, fps := map[string]int{}, map[string]string{}
	out := []Cause{}
	var ops []map[string]bool
	var ranks []int // of each cause's example: severity, then failing
	for i := range r.Results {
		res := &r.Results[i]
		if len(res.Violations) == 0 {
			continue
		}
		var shape lazyShape
		for j := range res.Violations {
			v := &res.Violations[j]
			fact := causeFact(*res, *v, &shape)
			key := v.Rule + "\x00" + fact
			fp, ok := fps[key]
			if !ok {
				fp = Fingerprint(v.Rule, fact)
				fps[key] = fp
			}
			v.Cause = fp
			accepted := v.Baseline == BaselineAccepted
			sev, err := checks.ParseSeverity(v.Severity)
			failing := err == nil && t.Counts(sev, accepted)
			rank := 2 * int(sev)
			if failing {
				rank++
			}
			k, ok := index[fp]
			switch {
			case !ok:
				k = len(out)
				index[fp] = k
				out = append(out, newCause(*res, *v, fp, fact, preset))
				ops = append(ops, map[string]bool{})
				ranks = append(ranks, rank)
			case rank > ranks[k]: // the example is the first of the worst answers
				out[k].Example, ranks[k] = causeExample(*res, *v), rank
			}
			c := &out[k]
			c.Count++
			if worse(v.Severity, c.Severity) {
				c.Severity = v.Severity
			}
			if accepted {
				c.Accepted++
			}
			if failing {
				c.Failing++
			}
			if key := res.Operation.Key(); !ops[k][key] {
				ops[k][key] = true
				c.Operations = append(c.Operations, key)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return causeLess(out[i], out[j]) })
	return out
}

func newCause(res Result, v Violation, fp, fact, preset string) Cause {
	title := v.Rule
	if m, ok := checks.Lookup(v.Rule); ok {
		title = m.Title
	}
	c := Cause{
		Fingerprint: fp, Rule: v.Rule, Severity: v.Severity, Title: title, Fact: fact,
		Operations: []string{}, Example: causeExample(res, v), Remedy: checks.Remedy(v.Rule, preset),
	}
	if _, own := checks.PresetRemedy(v.Rule, preset); own {
		c.Preset = preset
	}
	return c
}

// causeExample is a cause's example: res, which v was found on.
func causeExample(res Result, v Violation) CauseExample {
	ex := CauseExample{Probe: res.ID, Operation: res.Operation.Key(), Message: v.Message, Curl: res.CurlLine()}
	if res.Response != nil {
		ex.Status = res.Response.Status
		ex.Excerpt = excerpt(res.Response.Body, excerptRunes)
	}
	return ex
}

// causeLess orders causes worst first: severity, then breadth (operations,
// then answers), then rule and fingerprint so the order is total.
func causeLess(a, b Cause) bool {
	if ra, rb := severityRank(a.Severity), severityRank(b.Severity); ra != rb {
		return ra > rb
	}
	if (a.Failing > 0) != (b.Failing > 0) {
		return a.Failing > 0
	}
	if len(a.Operations) != len(b.Operations) {
		return len(a.Operations) > len(b.Operations)
	}
	if a.Count != b.Count {
		return a.Count > b.Count
	}
	if a.Rule != b.Rule {
		return a.Rule < b.Rule
	}
	return a.Fingerprint < b.Fingerprint
}

// severityRank orders severities, an unknown one lowest.
func severityRank(s string) int {
	sev, _ := checks.ParseSeverity(s)
	return int(sev)
}

func worse(a, b string) bool { return severityRank(a) > severityRank(b) }

// FailingCauses counts the causes with at least one failing violation.
func (r *Run) FailingCauses() int {
	n := 0
	for _, c := range r.Causes {
		if c.Failing > 0 {
			n++
		}
	}
	return n
}

// FailingCauseKeys returns the fingerprints of the causes res's violations
// fail under t, as Finish would group them: what --max-failures counts
// while a run is still going.
func FailingCauseKeys(res Result, t checks.Threshold) []string {
	var out []string
	var shape lazyShape
	for _, v := range res.Violations {
		sev, err := checks.ParseSeverity(v.Severity)
		if err != nil || !t.Counts(sev, v.Baseline == BaselineAccepted) {
			continue
		}
		out = append(out, Fingerprint(v.Rule, causeFact(res, v, &shape)))
	}
	return out
}
