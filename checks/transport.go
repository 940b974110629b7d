package checks

import "net/http"

// Rule IDs judged from how the target answered at the protocol level, not
// from what it said. Stable, never renamed.
const (
	RuleTargetCrashed     = "target-crashed"
	RuleMalformedResponse = "malformed-response"
)

// Malformed judges a probe whose answer could not be read as HTTP; cause is
// the client's error. Never lowered by a probe's cap.
func (j *Judge) Malformed(p Probe, cause error) []Violation {
	msg := "the answer is not a usable HTTP response"
	if cause != nil {
		msg += ": " + cause.Error()
	}
	if v, ok := j.Violation(RuleMalformedResponse, p.CheckID, "", msg); ok {
		return []Violation{v}
	}
	return nil
}

// Crashed judges a probe that was in flight when the target stopped
// answering; msg says what showed it. Never lowered by a probe's cap.
func (j *Judge) Crashed(p Probe, msg string) []Violation {
	if v, ok := j.Violation(RuleTargetCrashed, p.CheckID, "", msg); ok {
		return []Violation{v}
	}
	return nil
}

// OnStream reads the violations of a probe whose answer was a stream
// still open: where the probe sent a body and the operation answered 2xx
// and went on streaming, the stream ignored the body (a watch that starts
// whatever it is sent), which is at most a warning, unless the user set
// the rule's severity.
func (j *Judge) OnStream(p Probe, r *Response, vs []Violation) []Violation {
	if r == nil || !r.Stream || !sendsBody(p.Request) || r.Status < 200 || r.Status > 299 {
		return vs
	}
	_, ruleSet := j.severity[RuleNegativeAccepted]
	_, checkSet := j.severity[p.CheckID]
	for i := range vs {
		if vs[i].Rule != RuleNegativeAccepted || ruleSet || checkSet || vs[i].Severity <= SeverityWarning {
			continue
		}
		vs[i].Severity = SeverityWarning
		vs[i].Message += " (the operation streams: it answered with an open stream and ignored the body)"
	}
	return vs
}

// sendsBody reports whether a request carries a body, or is of a method
// whose requests do (an empty body is a mistake in the body too).
func sendsBody(r Request) bool {
	switch r.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
		return true
	}
	return len(r.Body) > 0
}
