package engine

import (
	"fmt"
	"iter"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/errprobe/errprobe/checks"
)

// Drift is a resource that changed during a run: its valid GET passed
// before and failed when sent again after the requests that may change it.
type Drift struct {
	// Resource is the path template of the resource (see resource).
	Resource string
	// After is the ID of the request that changed it, as far as errprobe
	// can tell: the first, by ID, of the stage's requests the target accepted.
	After string
	// Accepted is how many requests of that stage the target accepted.
	Accepted int
	// Control is the ID of the control sent again, and Status what it got.
	Control string
	Status  int
}

// drifts holds a run's drifts for Engine.Drifts.
type drifts struct {
	mu   sync.Mutex
	list []Drift
}

// Drifts returns the resources that changed during the run, once the
// result channel is closed, sorted by resource.
func (e *Engine) Drifts() []Drift {
	e.drift.mu.Lock()
	defer e.drift.mu.Unlock()
	out := slices.Clone(e.drift.list)
	sort.Slice(out, func(i, j int) bool { return out[i].Resource < out[j].Resource })
	return out
}

// driftWatch notices resources that change during a run. It is used by the
// goroutine that feeds the phases alone.
type driftWatch struct {
	s   *sender
	out chan<- checks.Result
	// ok holds the read controls that passed, by resource.
	ok map[string][]checks.Probe
	// changed maps a resource that changed to the request after which it did.
	changed map[string]string
}

func newDriftWatch(s *sender, out chan<- checks.Result) *driftWatch {
	return &driftWatch{s: s, out: out, ok: map[string][]checks.Probe{}, changed: map[string]string{}}
}

// watch records the read controls that passed: those are sent again.
func (d *driftWatch) watch(results []checks.Result) {
	for _, r := range results {
		p := r.Probe
		if checks.IsReference(p) || p.Request.Method != http.MethodGet || r.Response == nil || r.Response.Status >= 300 {
			continue
		}
		res := resource(p.Op.Path)
		if !strings.Contains(res, "{") {
			continue // a collection: what changes it adds to it, and its GET still passes
		}
		d.ok[res] = append(d.ok[res], p)
	}
	for _, ps := range d.ok {
		slices.SortFunc(ps, func(a, b checks.Probe) int { return strings.Compare(a.ID, b.ID) })
	}
}

// check sends again the read controls of every resource a request of the
// stage may have changed (the target accepted it), and records a resource
// whose control now fails as changed.
func (d *driftWatch) check(results []checks.Result, stage string) {
	accepted := map[string][]string{}
	for _, r := range results {
		if r.Response == nil || r.Response.Status < 200 || r.Response.Status >= 300 || !checks.MayChange(r.Probe) || checks.IsAside(r.Probe) {
			continue
		}
		res := resource(r.Probe.Op.Path)
		accepted[res] = append(accepted[res], r.Probe.ID)
	}
	resources := make([]string, 0, len(accepted))
	for res := range accepted {
		resources = append(resources, res)
	}
	sort.Strings(resources)
	for _, res := range resources {
		if d.changedFor(res) != "" {
			continue
		}
		ids := accepted[res]
		slices.Sort(ids)
		for _, c := range d.ok[res] {
			r := d.s.probe(checks.Recheck(c, stage))
			d.out <- r
			if r.Response == nil || !driftStatus(r.Response.Status) {
				continue
			}
			d.changed[res] = ids[0]
			d.s.e.drift.mu.Lock()
			d.s.e.drift.list = append(d.s.e.drift.list, Drift{Resource: res, After: ids[0], Accepted: len(ids), Control: c.ID, Status: r.Response.Status})
			d.s.e.drift.mu.Unlock()
			break
		}
	}
}

// group sends the probes of one resource that may change it, then its
// read controls again where the target accepted one, and streams their
// results only then: where the resource changed, a probe of the group
// that got what the change explains (a 301, a 404, a 401) is not judged,
// since it may have been answered after the change.
func (d *driftWatch) group(probes []checks.Probe, stage string) {
	rs := d.s.gather(d.feed(probes))
	d.check(rs, stage)
	for _, r := range rs {
		after := d.changedFor(r.Probe.Op.Path)
		if after != "" && after != r.Probe.ID && !r.Skipped && r.Response != nil && driftStatus(r.Response.Status) {
			r.Violations, r.View, r.Skipped = nil, checks.RunView{}, true
			r.Reason = fmt.Sprintf("not judged: the resource changed during the run, after %s, and this answer (%d) may say so rather than judge the probe", after, r.Response.Status)
		}
		d.out <- r
	}
}

// gather dispatches probes and returns their results instead of
// streaming them.
func (s *sender) gather(probes iter.Seq[checks.Probe]) []checks.Result {
	ch := make(chan checks.Result, s.e.opts.Concurrency)
	var rs []checks.Result
	done := make(chan struct{})
	go func() {
		for r := range ch {
			rs = append(rs, r)
		}
		close(done)
	}()
	s.dispatch(probes, ch, false)
	close(ch)
	<-done
	return rs
}

// driftStatus reports whether a valid GET that passed before shows, with
// status, that its resource changed: moved (3xx), gone (404, 410), or no
// longer readable with errprobe's credentials (401, 403).
func driftStatus(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect,
		http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusGone:
		return true
	}
	return false
}

// changedFor returns the request after which the resource path belongs
// to changed, or "".
func (d *driftWatch) changedFor(path string) string {
	for res, after := range d.changed {
		if within(path, res) {
			return after
		}
	}
	return ""
}

// feed yields the probes to send, and answers a probe of a resource that
// changed as skipped instead: its answer would tell about the change, not
// about the probe.
func (d *driftWatch) feed(probes []checks.Probe) iter.Seq[checks.Probe] {
	src := d.s.feed(probes)
	return func(yield func(checks.Probe) bool) {
		for p := range src {
			if after := d.changedFor(p.Op.Path); after != "" {
				d.out <- skipped(d.s.e, p, fmt.Sprintf("not sent: the resource changed during the run, after %s (its valid GET, which passed before, failed when sent again)", after))
				continue
			}
			if !yield(p) {
				return
			}
		}
	}
}

// feed yields probes for dispatch, releasing them as it goes when the
// engine owns the plan (Options.Release).
func (s *sender) feed(probes []checks.Probe) iter.Seq[checks.Probe] {
	if s.e.opts.Release {
		return releasing(probes)
	}
	return slices.Values(probes)
}
