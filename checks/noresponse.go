package checks

// NoResponse judges a probe that got no complete response: the server kept
// it waiting past the deadline, stalled mid-body or dropped the
// connection. cause is the transport failure, as the client reports it.
// Only the engine knows whether the target answers other requests, which
// is what makes this the server's defect rather than errprobe's failure
// to test; it calls NoResponse only then. streams is set when the
// operation's valid request answered with an open stream: a body the
// target read as asking for nothing yet (a member left null) may keep the
// stream open without a word, which harms no client that asked for
// something, so the finding is at most a warning there.
func (j *Judge) NoResponse(p Probe, cause error, streams bool) []Violation {
	msg := "no complete response to a client mistake"
	if cause != nil {
		msg += ": " + cause.Error()
	}
	v, ok := j.Violation(RuleNoResponse, p.CheckID, "", msg)
	if !ok {
		return nil
	}
	if streams && sendsBody(p.Request) && v.Severity > SeverityWarning {
		if _, set := j.severity[RuleNoResponse]; !set {
			v.Severity = SeverityWarning
			v.Message += " (the operation streams: the target may have read the body as asking for nothing yet and kept the stream open)"
		}
	}
	return j.capped(p, []Violation{v})
}
