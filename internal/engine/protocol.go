package engine

import "github.com/errprobe/errprobe/checks"

// streaming reports whether p's operation answered with an open stream.
func (s *sender) streaming(p checks.Probe) bool {
	_, ok := s.streams.Load(p.Op.Key())
	return ok
}
