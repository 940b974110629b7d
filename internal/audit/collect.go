package audit

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/report"
)

// collect converts the engine's results into report results and run-level
// views on several goroutines, so building reports (redaction, header
// copies) never throttles the engine. Results are appended in completion
// order (Run.Finish sorts them) to an array sized for every probe up front:
// the plan is compact by then (checks share headers and bodies), and a
// growing slice or a final copy would hold two arrays at the end of the
// run, where memory peaks.
func collect(results <-chan checks.Result, total int, cfg *Config, b *report.Builder, run *report.Run, failing *causeCount) *checks.RunViews {
	vs := &checks.RunViews{}
	run.Results = slices.Grow(run.Results, total)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for res := range results {
				r, v := b.Result(res), res.View
				if v.Shape == "" || res.Err != nil || res.Skipped {
					v = cfg.Judge.View(res) // not judged by the engine, or no answered error (cheap)
				}
				keys := failing.keys(r, cfg.Progress != nil) // outside the lock: it may decode the body
				mu.Lock()
				failing.add(keys)
				run.Results = append(run.Results, r)
				vs.Add(len(run.Results)-1, v)
				if cfg.Progress != nil {
					cfg.Progress(len(run.Results), total, failing.count())
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return vs
}

// causeCount counts the distinct failing causes of a run as its results
// come, and stops the run at --max-failures. Only the collector's lock
// guards it.
type causeCount struct {
	max  int
	t    checks.Threshold
	seen map[string]bool
	stop context.CancelCauseFunc
}

// keys returns the failing causes of r, where anything reads them: the
// --max-failures cap or, when shown, the progress line.
func (c *causeCount) keys(r report.Result, shown bool) []string {
	if c == nil || r.Outcome != report.OutcomeFail || c.max == 0 && !shown {
		return nil
	}
	return report.FailingCauseKeys(r, c.t)
}

func (c *causeCount) add(keys []string) {
	if c == nil || len(keys) == 0 {
		return
	}
	for _, k := range keys {
		c.seen[k] = true
	}
	if c.max > 0 && len(c.seen) >= c.max {
		c.stop(fmt.Errorf("%w: %d failing causes found", ErrMaxFailures, len(c.seen)))
	}
}

// count is how many distinct causes fail so far.
func (c *causeCount) count() int {
	if c == nil {
		return 0
	}
	return len(c.seen)
}
