package checks

import "fmt"

// collector gathers one exchange's violations for a judge, dropping the
// rules the run skips and applying severity overrides. rule is the index
// in j.rules of the rule being applied (an index: setting it for every
// rule of every answer writes no pointer).
type collector struct {
	j     *Judge
	check string
	rule  int // index in j.rules
	v     []Violation
}

// add records a violation of the rule being applied and reports whether
// it was kept.
func (c *collector) add(ptr, format string, args ...any) bool {
	v, ok := c.j.Violation(c.j.rules[c.rule].ID, c.check, ptr, fmt.Sprintf(format, args...))
	if ok {
		c.v = append(c.v, v)
	}
	return ok
}

// last is the violation add kept last.
func (c *collector) last() *Violation { return &c.v[len(c.v)-1] }

// Violation makes a violation of rule on a probe of check, with the run's
// severity overrides applied. It reports false when the run skips the
// rule. A nil judge skips nothing and keeps the catalogue severities.
func (j *Judge) Violation(rule, check, pointer, message string) (Violation, bool) {
	if j == nil {
		return Violation{Rule: rule, Severity: severities()[rule], Message: message, Pointer: pointer}, true
	}
	if j.skip[rule] {
		return Violation{}, false
	}
	return Violation{Rule: rule, Severity: j.sev(rule, check), Message: message, Pointer: pointer}, true
}
