package engine

import "github.com/errprobe/errprobe/checks"

// transportJudge judges what the engine saw at the protocol level
// (checks.Judge does).
type transportJudge interface {
	Malformed(p checks.Probe, cause error) []checks.Violation
	Crashed(p checks.Probe, msg string) []checks.Violation
}

// streamJudge reads the judgement of an answer that was an open stream
// (checks.Judge does).
type streamJudge interface {
	OnStream(p checks.Probe, r *checks.Response, vs []checks.Violation) []checks.Violation
}

// streaming reports whether p's operation answered with an open stream.
func (s *sender) streaming(p checks.Probe) bool {
	_, ok := s.streams.Load(p.Op.Key())
	return ok
}

func (s *sender) malformed(p checks.Probe, err error) []checks.Violation {
	if mj, ok := s.e.judge.(transportJudge); ok {
		return mj.Malformed(p, err)
	}
	return []checks.Violation{{Rule: checks.RuleMalformedResponse, Severity: checks.SeverityError, Message: "the answer is not a usable HTTP response: " + err.Error()}}
}
