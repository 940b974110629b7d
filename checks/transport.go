package checks

import "net/http"

// Rule IDs judged from how the target answered at the protocol level, not
// from what it said. Stable, never renamed.
const (
	RuleTargetCrashed     = "target-crashed"
	RuleMalformedResponse = "malformed-response"
)

// transportRules are the catalogue entries of the rules above.
func transportRules() []Meta {
	return []Meta{
		{ID: RuleTargetCrashed, Severity: SeverityError, Title: "The target stopped answering",
			Description: "The target answered until this probe was in flight, and then stopped: every new connection was refused or reset, confirmed by fresh requests of the reference, so the run stopped there. A request a client can send that takes a server down is the worst denial of service (OWASP API4:2023 unrestricted resource consumption, CWE-400); a client mistake deserves a 4xx (RFC 9110 §15.5). Reported on each probe in flight when it died, with the last answered request."},
		{ID: RuleMalformedResponse, Severity: SeverityError, Title: "Malformed response",
			Description: "The answer is not a usable HTTP response: no status line, an invalid chunk size, headers past errprobe's cap (a 10 MB header line, an endless run of 1xx responses), a redirect loop. RFC 9112 defines the message syntax a client can parse; anything else leaves clients without an answer and some parsers open to resource exhaustion (OWASP API4:2023)."},
	}
}

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
