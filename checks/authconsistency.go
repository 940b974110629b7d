package checks

import (
	"fmt"
	"sort"
)

// unauthChecks are the checks whose probes carry no valid credential
// (Meta.Unauthenticated); a careful API answers all of them alike.
var unauthChecks = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range All() {
		if c.Meta().Unauthenticated {
			m[c.Meta().ID] = true
		}
	}
	return m
}()

// authConsistency reports, per operation, the unauthenticated probes whose
// answer (status, body shape) differs from the one most of them got.
func authConsistency(j *Judge, views []RunView, add func(int, string)) {
	byOp := map[string][]int{}
	for i, v := range views {
		if v.Shape != "" && unauthChecks[v.CheckID] {
			byOp[v.Op] = append(byOp[v.Op], i)
		}
	}
	ops := make([]string, 0, len(byOp))
	for op := range byOp {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		idx := byOp[op]
		if len(idx) < 2 {
			continue
		}
		answers := map[string]int{}
		for _, i := range idx {
			answers[answerKey(views[i])]++
		}
		usual, n := dominant(answers)
		if n == len(idx) {
			continue
		}
		for _, i := range idx {
			if k := answerKey(views[i]); k != usual {
				add(i, fmt.Sprintf("%s answered %s, but %d of the %d unauthenticated probes of %s got %s", views[i].CheckID, k, n, len(idx), op, usual))
			}
		}
	}
}

func answerKey(v RunView) string { return fmt.Sprintf("%d %s", v.Status, v.Shape) }
