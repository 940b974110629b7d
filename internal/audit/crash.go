package audit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/errprobe/errprobe/internal/engine"
	"github.com/errprobe/errprobe/report"
)

// crashWarning says, for the run's warnings, which requests were in flight
// when the target stopped answering and which was the last answered, each
// with its curl line, so the crash can be replayed against a fresh target.
func crashWarning(run *report.Run, c *engine.Crash) string {
	curls := map[string]string{}
	for _, r := range run.Results {
		if r.ID == c.LastAnswered || slices.Contains(c.InFlight, r.ID) {
			curls[r.ID] = r.CurlLine()
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the target stopped answering after %s (%s); the rest of the run was skipped; in flight when it died:", c.After, c.Check)
	for _, id := range c.InFlight {
		fmt.Fprintf(&b, " %s: %s;", id, curls[id])
	}
	if c.LastAnswered != "" {
		fmt.Fprintf(&b, " the last answered request, %s (%d): %s", c.LastAnswered, c.LastStatus, curls[c.LastAnswered])
	}
	return b.String()
}
