package audit

import (
	"fmt"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/report"
)

// controlWarnings sums up what the control requests found, for the run's
// warnings: the operations errprobe could not test properly and what the
// user can do about it.
// Operations in repaired have a warning of their own (repairWarnings).
func controlWarnings(run *report.Run, controls *checks.Controls, repaired map[string]bool) []string {
	type group struct {
		ops  []string
		text string
	}
	groups := map[checks.ControlClass]*group{
		checks.ControlNotServed: {text: "answered 404/405 to their valid request, so their probes were not sent; check --base-path and path parameter values (--path-param NAME=VALUE)"},
		checks.ControlAuth:      {text: "refused the authorised request (401/403), so only their authentication probes were sent; give credentials the API accepts (--auth)"},
		checks.ControlMissing:   {text: "answered 404 to their valid request, perhaps because the made-up path parameter values name no resource, so probes that got 404 too were not judged; give existing ones (--path-param NAME=VALUE)"},
		checks.ControlRejected:  {text: "rejected errprobe's valid request, so their validation probes were not judged; make it valid with examples in the description or values: in errprobe.yaml"},
		checks.ControlServer:    {text: "answered their valid request with a server error"},
		checks.ControlNoAnswer:  {text: "did not answer their valid request"},
	}
	for _, r := range run.Results {
		if r.Family != string(checks.FamilyControl) || r.Outcome == report.OutcomeSkip ||
			r.ID != checks.CheckControl+":"+r.Operation.Key() { // errprobe's own requests (checks.Aside)
			continue
		}
		class, ok := controls.Class(r.Operation.Method, r.Operation.Path)
		if !ok {
			continue
		}
		status := 0
		if r.Response != nil {
			status = r.Response.Status
		}
		if g := groups[class]; g != nil && !(class == checks.ControlRejected && repaired[r.Operation.Key()]) {
			op := r.Operation.Key()
			if status > 0 {
				op += fmt.Sprintf(" (%d)", status)
			}
			g.ops = append(g.ops, op)
		}
	}
	var out []string
	for _, class := range []checks.ControlClass{checks.ControlNotServed, checks.ControlMissing, checks.ControlAuth, checks.ControlRejected, checks.ControlServer, checks.ControlNoAnswer} {
		g := groups[class]
		if len(g.ops) == 0 {
			continue
		}
		out = append(out, fmt.Sprintf("%s %s: %s", countOps(len(g.ops)), g.text, checks.ListSome(g.ops, 5)))
	}
	return out
}

func countOps(n int) string {
	if n == 1 {
		return "1 operation"
	}
	return fmt.Sprintf("%d operations", n)
}
