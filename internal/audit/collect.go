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

// views are the run-level records of a run's answered errors, kept compact
// for long runs: only views with a shape are stored (the run-level rules
// skip the others), with the index of their result, and their repeated
// strings (family, operation key, shape, problem type and title) are
// interned into a table and stored as indexes.
type views struct {
	list   []view
	result []int32 // result[i] is the index in run.Results of list[i]
	strs   []string
	index  map[string]uint32
}

// view is a checks.RunView with its repeated strings as indexes into
// views.strs (≈ 64 bytes instead of 136).
type view struct {
	probeID, checkID                             string
	family, op, shape, problemType, title, style uint32
	status                                       int32
	router, documented                           bool
}

// add stores the view of result i, if it has a shape.
func (vs *views) add(i int, v checks.RunView) {
	if v.Shape == "" {
		return
	}
	vs.list = append(vs.list, view{
		probeID: v.ProbeID, checkID: v.CheckID, family: vs.str(string(v.Family)), op: vs.str(v.Op),
		shape: vs.str(v.Shape), problemType: vs.str(v.ProblemType), title: vs.str(v.ProblemTitle), style: vs.str(v.Style),
		status: int32(v.Status), router: v.Router, documented: v.Documented,
	})
	vs.result = append(vs.result, int32(i))
}

func (vs *views) str(s string) uint32 {
	if i, ok := vs.index[s]; ok {
		return i
	}
	i := uint32(len(vs.strs))
	vs.strs = append(vs.strs, s)
	vs.index[s] = i
	return i
}

// runViews returns the stored views as the judge's run-level rules take
// them, once: index i belongs to run.Results[vs.result[i]]. The compact
// records are dropped, so both forms are not held together.
func (vs *views) runViews() []checks.RunView {
	defer func() { vs.list, vs.strs = nil, nil }()
	out := make([]checks.RunView, len(vs.list))
	for i, v := range vs.list {
		out[i] = checks.RunView{
			ProbeID: v.probeID, CheckID: v.checkID, Family: checks.Family(vs.strs[v.family]), Op: vs.strs[v.op],
			Router: v.router, Status: int(v.status), Shape: vs.strs[v.shape], Documented: v.documented,
			ProblemType: vs.strs[v.problemType], ProblemTitle: vs.strs[v.title], Style: vs.strs[v.style],
		}
	}
	return out
}

// collect converts the engine's results into report results and run-level
// views on several goroutines, so building reports (redaction, header
// copies) never throttles the engine. Results are appended in completion
// order (Run.Finish sorts them) to an array sized for every probe up front:
// the plan is compact by then (checks share headers and bodies), and a
// growing slice or a final copy would hold two arrays at the end of the
// run, where memory peaks.
func collect(results <-chan checks.Result, total int, cfg *Config, b *report.Builder, run *report.Run, failing *causeCount) *views {
	vs := &views{index: map[string]uint32{}}
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
				mu.Lock()
				failing.add(r)
				run.Results = append(run.Results, r)
				vs.add(len(run.Results)-1, v)
				if cfg.Progress != nil {
					cfg.Progress(len(run.Results), total, failing.count())
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	vs.index = nil
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

func (c *causeCount) add(r report.Result) {
	if c == nil || r.Outcome != report.OutcomeFail {
		return
	}
	for _, k := range report.FailingCauseKeys(r, c.t) {
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
