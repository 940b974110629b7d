package checks

import (
	"net/http"
	"slices"
	"strings"
)

// checkUndocumented judges a 4xx the operation's description does not cover.
// It applies only to operations that document at least one 4xx (one that
// documents none says nothing about its errors), and only to statuses the
// probe accepts: an unexpected status is already status-expected's finding.
func checkUndocumented(c *collector, x *Exchange) {
	p, st := x.Probe, x.Response.Status
	if st < 400 || st > 499 || p.Op == nil || !slices.Contains(p.Expect.Statuses, st) ||
		!documents4xx(p) || p.Op.ResponseFor(st) != nil {
		return
	}
	c.add("", "%s answered %d %s, which its description does not document (it documents %s)",
		p.Op.Key(), st, http.StatusText(st), strings.Join(documented(p), ", "))
}

func documents4xx(p Probe) bool {
	for _, resp := range p.Op.Responses {
		if strings.HasPrefix(resp.Status, "4") || strings.EqualFold(resp.Status, "default") {
			return true
		}
	}
	return false
}

func documented(p Probe) []string {
	out := make([]string, 0, len(p.Op.Responses))
	for _, resp := range p.Op.Responses {
		out = append(out, resp.Status)
	}
	return out
}
