package checks

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// checkResult is what one check generated.
type checkResult struct {
	probes []Probe
	err    error
}

// generate runs each check's generator on GOMAXPROCS goroutines and
// returns the results in the order of checks, so the plan does not depend
// on scheduling. Generators are pure functions of the Gen; they run on a
// copy of g that carries the memo they share (genmemo.go).
func generate(g *Gen, checks []Check) []checkResult {
	gc := *g
	gc.memo = newGenMemo(&gc)
	shared := newSharer()
	out := make([]checkResult, len(checks))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(checks)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(checks) {
					return
				}
				out[i].probes, out[i].err = safeProbes(checks[i], &gc)
				shared.share(out[i].probes)
			}
		})
	}
	wg.Wait()
	return out
}
