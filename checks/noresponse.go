package checks

// NoResponse judges a probe that got no complete response: the server kept
// it waiting past the deadline, stalled mid-body or dropped the
// connection. cause is the transport failure, as the client reports it.
// Only the engine knows whether the target answers other requests, which
// is what makes this the server's defect rather than errprobe's failure
// to test; it calls NoResponse only then.
func (j *Judge) NoResponse(p Probe, cause error) []Violation {
	msg := "no complete response to a client mistake"
	if cause != nil {
		msg += ": " + cause.Error()
	}
	v, ok := j.Violation(RuleNoResponse, p.CheckID, "", msg)
	if !ok {
		return nil
	}
	return j.capped(p, []Violation{v})
}
