package checks

import (
	"cmp"
	"fmt"
)

// Outcome is what became of one probe.
type Outcome = string

// Outcomes of a probe or control.
const (
	OutcomePass  Outcome = "pass"
	OutcomeFail  Outcome = "fail"
	OutcomeError Outcome = "error" // errprobe could not test: no verdict on the API
	OutcomeSkip  Outcome = "skip"
)

// Threshold is the run's --fail-on setting: the lowest severity that makes
// a probe fail, and whether the run as a whole may fail at all.
//
// "never" still marks probes whose violations are errors as failing, so a
// report read with --fail-on never shows what is wrong; only the run's
// verdict and exit code ignore them.
type Threshold struct {
	Min   Severity
	Never bool
}

// ParseThreshold reads a --fail-on value: error, warning, info or never.
// The empty string means error, the default.
func ParseThreshold(s string) (Threshold, error) {
	switch s {
	case "", "error":
		return Threshold{Min: SeverityError}, nil
	case "never":
		return Threshold{Min: SeverityError, Never: true}, nil
	}
	sev, err := ParseSeverity(s)
	if err != nil {
		return Threshold{}, fmt.Errorf("unknown --fail-on value %q (want error, warning, info or never)", s)
	}
	return Threshold{Min: sev}, nil
}

// LenientThreshold is ParseThreshold for values already validated: an
// unknown one (a hand-edited report) means error.
func LenientThreshold(s string) Threshold {
	t, err := ParseThreshold(s)
	if err != nil {
		return Threshold{Min: SeverityError}
	}
	return t
}

// String is the value as users type it.
func (t Threshold) String() string {
	if t.Never {
		return "never"
	}
	return t.Min.String()
}

// Fails reports whether a violation of severity s, not accepted by a
// baseline, makes its probe fail.
func (t Threshold) Fails(s Severity, accepted bool) bool {
	return !accepted && s >= cmp.Or(t.Min, SeverityError) // the zero Threshold is the default, error
}

// Counts reports whether a failing violation counts towards the run's
// verdict and exit code.
func (t Threshold) Counts(s Severity, accepted bool) bool {
	return !t.Never && t.Fails(s, accepted)
}
