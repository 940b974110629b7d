package checks

import (
	"path"
	"slices"
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
)

// Selector picks probes by where they go and what they are. Empty fields
// match everything; a probe matches when every set field matches.
type Selector struct {
	Family      Family
	Check       string
	Method      string // upper case
	Path        string // a glob over the templated path ("/users/*"); "**" is not special
	OperationID string
	Tags        []string // any of these
}

// Matches reports whether p is selected.
func (s Selector) Matches(p Probe) bool {
	return (s.Family == "" || s.Family == p.Family) &&
		(s.Check == "" || s.Check == p.CheckID) &&
		s.MatchesOp(p.Op)
}

// MatchesOp reports whether the operation fields of s select op.
func (s Selector) MatchesOp(op *openapi.Operation) bool {
	if s.Method != "" && !strings.EqualFold(s.Method, op.Method) {
		return false
	}
	if s.Path != "" {
		if ok, _ := path.Match(s.Path, op.Path); !ok && s.Path != op.Path {
			return false
		}
	}
	if s.OperationID != "" && s.OperationID != op.OperationID {
		return false
	}
	if len(s.Tags) > 0 && !slices.ContainsFunc(s.Tags, func(t string) bool { return slices.Contains(op.Tags, t) }) {
		return false
	}
	return true
}

// Override replaces the expected statuses of the probes it selects: this
// API answers validation errors with 422, this route hides forbidden
// resources behind 404, and so on.
type Override struct {
	Selector
	Statuses []int
	// Source says where the override came from, for messages
	// ("preset fastapi", "errprobe.yaml:12").
	Source string
}

// ApplyOverrides sets each probe's expected statuses from the last
// override that selects it; later overrides win, so a config can refine a
// preset.
func ApplyOverrides(probes []Probe, overrides []Override) {
	for i := range probes {
		for _, o := range overrides {
			if o.Matches(probes[i]) {
				probes[i].Expect.Statuses = slices.Sorted(slices.Values(o.Statuses))
				probes[i].Expect.Defaults = false
			}
		}
	}
}

// WithLearned returns p with the statuses of the last learned override
// that selects it, when p's statuses are RFC 9110's defaults (see
// Expectation.Defaults); otherwise p as it is. A description's documented
// statuses and the user's choices always win over a recognised framework.
func WithLearned(p Probe, learned []Override) Probe {
	if !p.Expect.Defaults {
		return p
	}
	for _, o := range learned {
		if o.Matches(p) {
			p.Expect.Statuses = slices.Sorted(slices.Values(o.Statuses))
		}
	}
	return p
}
