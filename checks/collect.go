package checks

import "fmt"

// collector gathers one response's violations for a judge, dropping the
// rules the run skips and applying severity overrides.
type collector struct {
	j     *Judge
	check string
	v     []Violation
}

func (j *Judge) collect(p Probe) *collector { return &collector{j: j, check: p.CheckID} }

func (c *collector) add(rule, ptr, format string, args ...any) {
	if v, ok := c.j.Violation(rule, c.check, ptr, fmt.Sprintf(format, args...)); ok {
		c.v = append(c.v, v)
	}
}

// Violation makes a violation of rule on a probe of check, with the run's
// severity overrides applied. It reports false when the run skips the
// rule. A nil judge skips nothing and keeps the catalogue severities, so
// callers outside the engine (the report builder) can use it unconfigured.
func (j *Judge) Violation(rule, check, pointer, message string) (Violation, bool) {
	if j == nil {
		return Violation{Rule: rule, Severity: severities[rule], Message: message, Pointer: pointer}, true
	}
	if j.skip[rule] {
		return Violation{}, false
	}
	return Violation{Rule: rule, Severity: j.sev(rule, check), Message: message, Pointer: pointer}, true
}
