//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// expectedFile is the layout of a targets directory's expected.json.
type expectedFile struct {
	Description string        `json:"description"`
	Targets     []expectation `json:"targets"`
}

// expectation is what a correct audit of one target reports.
type expectation struct {
	Target   string     `json:"target"`
	Flags    []string   `json:"flags"` // errprobe run flags, run from the file's directory
	Exit     int        `json:"exit"`
	Defects  []defect   `json:"defects"`
	MustPass []mustPass `json:"mustPass"`
	// StopReason, when set, is part of the stop reason of a run that must
	// stop early (a crash of the target): the report is incomplete then.
	StopReason string `json:"stopReason,omitempty"`
	// OptionalFrom names another target of the file whose defects this
	// one may report too (each taken as optional): the same server run
	// another way.
	OptionalFrom string `json:"optionalFrom,omitempty"`
}

// selector picks results by family, operation and optionally check.
// Operation is "METHOD /path" (METHOD may be *, path the description's
// template); unknown-path probes carry the path they sent, so they are
// picked by PathPrefix instead.
type selector struct {
	Family     string `json:"family"`
	Operation  string `json:"operation,omitempty"`
	PathPrefix string `json:"pathPrefix,omitempty"`
	Check      string `json:"check,omitempty"`
}

// defect is a violation the audit must report (unless Optional, which only
// says that reporting it is not a false alarm).
type defect struct {
	selector
	Rule     string `json:"rule"`
	Optional bool   `json:"optional,omitempty"`
	Note     string `json:"note,omitempty"`
}

// mustPass selects results that must exist and pass.
type mustPass struct {
	selector
	Note string `json:"note,omitempty"`
}

// loadExpectation reads path and returns the entry for target.
func loadExpectation(path, target string) (expectation, error) {
	f, err := os.Open(path)
	if err != nil {
		return expectation{}, err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	var file expectedFile
	if err := dec.Decode(&file); err != nil {
		return expectation{}, fmt.Errorf("%s: %w", path, err)
	}
	for _, e := range file.Targets {
		if e.Target != target {
			continue
		}
		for _, from := range file.Targets {
			if e.OptionalFrom != "" && from.Target == e.OptionalFrom {
				for _, d := range from.Defects {
					d.Optional = true
					e.Defects = append(e.Defects, d)
				}
			}
		}
		return e, e.validate()
	}
	return expectation{}, fmt.Errorf("%s: no target %q", path, target)
}

func (e expectation) validate() error {
	for i, d := range e.Defects {
		if d.Rule == "" {
			return fmt.Errorf("target %s: defect %d has no rule", e.Target, i)
		}
		if err := d.selector.validate(); err != nil {
			return fmt.Errorf("target %s: defect %d: %w", e.Target, i, err)
		}
	}
	for i, m := range e.MustPass {
		if err := m.selector.validate(); err != nil {
			return fmt.Errorf("target %s: mustPass %d: %w", e.Target, i, err)
		}
	}
	return nil
}

func (s selector) validate() error {
	if s.Family == "" {
		return fmt.Errorf("no family")
	}
	if (s.Operation == "") == (s.PathPrefix == "") {
		return fmt.Errorf("give exactly one of operation and pathPrefix")
	}
	if s.Operation != "" {
		method, path, ok := strings.Cut(s.Operation, " ")
		if !ok || method == "" || !strings.HasPrefix(path, "/") {
			return fmt.Errorf("operation %q is not \"METHOD /path\"", s.Operation)
		}
	}
	return nil
}

// matches reports whether the selector picks r.
func (s selector) matches(r result) bool {
	if r.Family != s.Family || (s.Check != "" && r.Check != s.Check) {
		return false
	}
	if s.PathPrefix != "" {
		return strings.HasPrefix(r.Operation.Path, s.PathPrefix)
	}
	method, path, _ := strings.Cut(s.Operation, " ")
	return (method == "*" || method == r.Operation.Method) && path == r.Operation.Path
}

func (s selector) String() string {
	where := s.Operation
	if where == "" {
		where = "GET " + s.PathPrefix + "…"
	}
	out := s.Family + " " + where
	if s.Check != "" {
		out += " [" + s.Check + "]"
	}
	return out
}

func (d defect) String() string {
	out := d.selector.String() + " → " + d.Rule
	if d.Note != "" {
		out += " (" + d.Note + ")"
	}
	return out
}
