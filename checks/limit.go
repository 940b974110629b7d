package checks

import "sort"

// Priority is the order in which probes survive --max-probes-per-operation:
// authentication first (the costliest defects), then unreadable bodies,
// missing input, field and parameter validation, and routes last.
var Priority = []string{
	CheckControl,
	"auth-missing", "auth-invalid", "auth-low-privilege", "auth-expired-token", "auth-wrong-scheme", "auth-malformed-token", "auth-credential-in-query",
	"malformed-json-syntax", "malformed-json-truncated", "malformed-content-type",
	"missing-query-param", "missing-header-param", "missing-cookie-param", "missing-body", "missing-body-field", "missing-content-type",
	"malformed-field-type", "malformed-param-type", "malformed-field-constraint", "malformed-param-constraint",
	"malformed-field-null", "malformed-param-empty", "malformed-body-shape", "malformed-field-unknown", "malformed-field-format", "malformed-param-format",
	"malformed-accept", "method-not-allowed", "unknown-resource", "unknown-path", "unknown-trailing-slash",
}

// LimitPerOperation keeps at most n probes per operation, chosen by
// Priority and then probe ID, and returns them in their original order.
// n <= 0 keeps everything.
func LimitPerOperation(probes []Probe, n int) []Probe {
	if n <= 0 {
		return probes
	}
	rank := map[string]int{}
	for i, id := range Priority {
		rank[id] = i
	}
	byOp := map[string][]int{}
	keep := make([]bool, len(probes))
	for i, p := range probes {
		if IsControl(p) {
			keep[i] = true // a control is not a probe of the cap: always sent
			continue
		}
		byOp[p.Op.Key()] = append(byOp[p.Op.Key()], i)
	}
	for _, idx := range byOp {
		sort.SliceStable(idx, func(a, b int) bool {
			pa, pb := probes[idx[a]], probes[idx[b]]
			ra, oka := rank[pa.CheckID]
			rb, okb := rank[pb.CheckID]
			if !oka {
				ra = len(Priority)
			}
			if !okb {
				rb = len(Priority)
			}
			if ra != rb {
				return ra < rb
			}
			return pa.ID < pb.ID
		})
		for _, i := range idx[:min(n, len(idx))] {
			keep[i] = true
		}
	}
	out := make([]Probe, 0, len(probes))
	for i, p := range probes {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out
}
