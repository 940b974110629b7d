package checks

import "sync"

// Rule is one judgement of an answered exchange: its catalogue entry and
// its check. Check is nil for the rules judged where the exchange has no
// answer (no-response) or needs the run's secrets (credential-echo).
type Rule struct {
	Meta
	Check func(c *collector, x *Exchange)
}

// RunRule is a judgement over the answered errors of a whole run. Check
// calls add with the index of each view it finds wrong and why.
type RunRule struct {
	Meta
	Check func(j *Judge, views []RunView, add func(i int, msg string))
}

// RuleMetas returns the catalogue entry of every rule: Rules() in the
// order they judge an exchange, then RunRules().
func RuleMetas() []Meta {
	var out []Meta
	for _, r := range Rules() {
		out = append(out, r.Meta)
	}
	for _, r := range RunRules() {
		out = append(out, r.Meta)
	}
	return out
}

// severities returns every rule's catalogue severity, built on first use
// (a package variable could not be: the rules' checks refer to it).
func severities() map[string]Severity {
	severityOnce.Do(func() {
		severityMap = map[string]Severity{}
		for _, r := range RuleMetas() {
			severityMap[r.ID] = r.Severity
		}
	})
	return severityMap
}

var (
	severityOnce sync.Once
	severityMap  map[string]Severity
)
