package report

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
)

// CodeQuality writes GitLab's Code Quality report (a subset of Code
// Climate's issue format): one issue per cause, located at the line of the
// description where its example's operation is declared, so a merge
// request shows errprobe's findings beside the diff.
type CodeQuality struct{}

type cqIssue struct {
	Description string     `json:"description"`
	CheckName   string     `json:"check_name"`
	Fingerprint string     `json:"fingerprint"`
	Severity    string     `json:"severity"`
	Location    cqLocation `json:"location"`
}

type cqLocation struct {
	Path  string  `json:"path"`
	Lines cqLines `json:"lines"`
}

type cqLines struct {
	Begin int `json:"begin"`
}

// cqSeverity maps errprobe's severities to Code Quality's.
var cqSeverity = map[string]string{"error": "major", "warning": "minor", "info": "info"}

// Report writes the run's causes; causes a baseline accepts entirely are
// left out, as they do not fail the run.
func (CodeQuality) Report(w io.Writer, run *Run) error {
	lines := operationLines(run)
	issues := []cqIssue{}
	for _, c := range run.Causes {
		if c.Accepted == c.Count {
			continue
		}
		line := lines[c.Example.Operation]
		if line == 0 {
			line = 1 // the description as a whole
		}
		issues = append(issues, cqIssue{
			Description: fmt.Sprintf("%s: %s (%s, %s). %s", c.Rule, c.Title, plural(c.Count, "answer"), plural(len(c.Operations), "operation"), c.Remedy),
			CheckName:   c.Rule,
			Fingerprint: c.Fingerprint,
			Severity:    cqSeverity[c.Severity],
			Location:    cqLocation{Path: filepath.ToSlash(run.Spec), Lines: cqLines{Begin: line}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(issues)
}

// operationLines maps the run's operations to their line in the
// description, where it is known: the line of a cause's example.
func operationLines(run *Run) map[string]int {
	lines := map[string]int{}
	for _, r := range run.Results {
		if r.Operation.Line > 0 {
			lines[r.Operation.Key()] = r.Operation.Line
		}
	}
	return lines
}
