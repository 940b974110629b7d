package audit

import (
	"runtime"
	"sync"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/report"
)

// collect converts the engine's results into report results and run-level
// views on several goroutines, so building reports (redaction, curl lines,
// header copies) never throttles the engine. Results are appended in
// completion order; Run.Finish sorts them. The i-th view belongs to the
// i-th result.
func collect(results <-chan checks.Result, total int, cfg *Config, b *report.Builder, run *report.Run) []checks.RunView {
	views := make([]checks.RunView, 0, total)
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
				run.Results = append(run.Results, r)
				views = append(views, v)
				if cfg.Progress != nil {
					cfg.Progress(len(run.Results), total)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return views
}
