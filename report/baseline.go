package report

// Marks a baseline puts on each violation (Violation.Baseline).
const (
	// BaselineNew marks a violation the baseline does not accept: it counts
	// towards the verdict.
	BaselineNew = "new"
	// BaselineAccepted marks a violation a current baseline entry accepts:
	// it is reported but never fails the run.
	BaselineAccepted = "accepted"
)

// BaselineSummary is how a run compared with a baseline file.
type BaselineSummary struct {
	// File is the baseline file as given.
	File string `json:"file"`
	// Accepted and New count violations by their mark.
	Accepted int `json:"accepted"`
	New      int `json:"new"`
	// Fixed lists entries whose probe ran and got an answer without the
	// entry's violation: they can be pruned from the file.
	Fixed []BaselineEntry `json:"fixed"`
	// Expired lists entries past their expires date: they accept nothing.
	Expired []BaselineEntry `json:"expired"`
}

// BaselineEntry names one baseline entry.
type BaselineEntry struct {
	Probe string `json:"probe,omitempty"`
	Rule  string `json:"rule,omitempty"`
	// Cause is set for an entry that accepts a whole cause.
	Cause   string `json:"cause,omitempty"`
	Expires string `json:"expires,omitempty"`
}

// maxListed bounds the fixed and expired entries the terminal lists.
const maxListed = 10

// baseline prints the baseline comparison under the verdict.
func (t *Terminal) baseline(out *ew, run *Run) {
	b := run.Baseline
	if b == nil {
		return
	}
	out.printf("Baseline %s: %d accepted, %d new, %d fixed, %d expired\n",
		escape(b.File), b.Accepted, b.New, len(b.Fixed), len(b.Expired))
	if t.opts.Verbosity < 0 {
		return
	}
	t.entries(out, "fixed, can be removed from the baseline:", b.Fixed)
	t.entries(out, "expired, no longer accepted:", b.Expired)
}

func (t *Terminal) entries(out *ew, title string, list []BaselineEntry) {
	if len(list) == 0 {
		return
	}
	out.printf("  %s\n", title)
	for i, e := range list {
		if i == maxListed && t.opts.Verbosity < 1 {
			out.printf("    … and %d more (-v lists all)\n", len(list)-i)
			return
		}
		line := e.Probe + " " + e.Rule
		if e.Cause != "" {
			line = "cause " + e.Cause
		}
		if e.Expires != "" {
			line += " (expires " + e.Expires + ")"
		}
		out.printf("    %s\n", escape(line))
	}
}

// baselineMark labels a violation the baseline accepts.
func baselineMark(v Violation) string {
	if v.Baseline == BaselineAccepted {
		return " (accepted by baseline)"
	}
	return ""
}
