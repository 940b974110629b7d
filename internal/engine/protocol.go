package engine

import "github.com/errprobe/errprobe/checks"

// streaming reports whether p's operation answered with an open stream.
func (s *sender) streaming(p checks.Probe) bool {
	_, ok := s.streams.Load(p.Op.Key())
	return ok
}

func (s *sender) malformed(p checks.Probe, err error) []checks.Violation {
	return s.e.judge.Malformed(p, err)
}
