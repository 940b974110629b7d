package engine

import (
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/errprobe/errprobe/checks"
)

// writePlan is a run's probes cut into the phases of its write plan.
type writePlan struct {
	reads, writes, deletes []checks.Probe   // controls; reads include the reference
	held                   []checks.Probe   // checks.HoldBack: never sent
	early                  []checks.Probe   // cannot change state, operation has no write control
	late                   []checks.Probe   // cannot change state, operation has a write control
	changing               [][]checks.Probe // may change state, one slice per resource
	changingDeletes        []checks.Probe   // DELETE probes that may change state
	// The probes that may change state and the write controls of the
	// irreversible operations the user let through (--allow-destructive),
	// one slice per resource: sent after every other write, before the
	// DELETEs.
	finalProbes, finalWrites [][]checks.Probe
}

// newWritePlan sorts the probes into phases, keeping the plan's order in
// each; the phases sent resource by resource are cut into one slice per
// resource, in the order of their resource, so that each is freed once
// sent (runPlan drops every phase it has sent: at the end of a long run,
// where its memory peaks, the plan holds nothing). rest is handed over: it
// is cleared once sorted.
func newWritePlan(controls, rest []checks.Probe) *writePlan {
	w := &writePlan{}
	var changing, finalProbes, finalWrites byResource
	writeOps := map[string]bool{}
	control := func(p checks.Probe) (*[]checks.Probe, *byResource) {
		switch {
		case p.Hold != "":
			return &w.held, nil
		case checks.SafeMethod(p.Request.Method):
			return &w.reads, nil
		case p.Request.Method == http.MethodDelete:
			return &w.deletes, nil
		case checks.Irreversible(p.Op) != "":
			return nil, &finalWrites
		}
		writeOps[p.Op.Key()] = true
		return &w.writes, nil
	}
	probe := func(p checks.Probe) (*[]checks.Probe, *byResource) {
		switch {
		case p.Hold != "":
			return &w.held, nil
		case !checks.MayChange(p) && writeOps[p.Op.Key()]:
			return &w.late, nil
		case !checks.MayChange(p):
			return &w.early, nil
		case p.Request.Method == http.MethodDelete:
			return &w.changingDeletes, nil
		case checks.Irreversible(p.Op) != "":
			return nil, &finalProbes
		}
		return nil, &changing
	}
	// The probes are counted first, so that every phase and every
	// resource's slice is made at its size: appending would leave up to
	// half of each unused while the run sends the others.
	sizes := map[*[]checks.Probe]int{}
	for _, pass := range []func(p checks.Probe, phase *[]checks.Probe, res *byResource){
		func(p checks.Probe, phase *[]checks.Probe, res *byResource) {
			if phase != nil {
				sizes[phase]++
			} else {
				res.count(p)
			}
		},
		func(p checks.Probe, phase *[]checks.Probe, res *byResource) {
			if phase != nil {
				if *phase == nil {
					*phase = make([]checks.Probe, 0, sizes[phase])
				}
				*phase = append(*phase, p)
			} else {
				res.add(p)
			}
		},
	} {
		for _, p := range controls {
			phase, res := control(p)
			pass(p, phase, res)
		}
		for _, p := range rest {
			phase, res := probe(p)
			pass(p, phase, res)
		}
	}
	clear(rest)
	w.changing, w.finalProbes, w.finalWrites = changing.groups(), finalProbes.groups(), finalWrites.groups()
	return w
}

// byResource gathers probes by resource, each resource's in the order
// they came, in a slice of the size count found.
type byResource struct {
	sizes  map[string]int
	probes map[string][]checks.Probe
}

func (b *byResource) count(p checks.Probe) {
	if b.sizes == nil {
		b.sizes = map[string]int{}
	}
	b.sizes[resource(p.Op.Path)]++
}

func (b *byResource) add(p checks.Probe) {
	if b.probes == nil {
		b.probes = map[string][]checks.Probe{}
	}
	r := resource(p.Op.Path)
	ps := b.probes[r]
	if ps == nil {
		ps = make([]checks.Probe, 0, b.sizes[r])
	}
	b.probes[r] = append(ps, p)
}

// groups returns the probes of each resource, resources in order: what a
// stable sort of all of them by resource, cut where the resource changes,
// gives.
func (b *byResource) groups() [][]checks.Probe {
	out := make([][]checks.Probe, 0, len(b.probes))
	for _, r := range slices.Sorted(maps.Keys(b.probes)) {
		out = append(out, b.probes[r])
	}
	return out
}

// groups sends each resource's probes with group, dropping each once
// handed over.
func (d *driftWatch) groups(gs [][]checks.Probe, stage string) {
	for i := range gs {
		g := gs[i]
		gs[i] = nil
		d.group(g, stage)
	}
}

// take returns a phase and drops it from the plan: a phase being sent is
// the sender's alone (see sender.feed), and one sent is garbage.
func take[T any](phase *[]T) []T {
	ps := *phase
	*phase = nil
	return ps
}

// resource returns the resource a path belongs to: the path up to its
// last parameter (/repos/{owner}/{repo}/transfer belongs to
// /repos/{owner}/{repo}), or the whole path when it has none.
func resource(path string) string {
	i := strings.LastIndex(path, "{")
	if i < 0 {
		return path
	}
	if j := strings.Index(path[i:], "/"); j >= 0 {
		return path[:i+j]
	}
	return path
}

// within reports whether path is res or lies under it.
func within(path, res string) bool {
	return path == res || strings.HasPrefix(path, strings.TrimSuffix(res, "/")+"/")
}

// runPlan sends a run's probes in the order of its write plan, so that
// what one request changes spoils as few others as possible:
//
//  1. the held-back probes come back skipped, unsent (checks.HoldBack);
//  2. the read controls and the reference;
//  3. the probes that cannot change state of the operations without a
//     write control (reads, unknown routes and methods);
//  4. the write controls (POST, PUT, PATCH), then, for each resource one
//     of them changed (the target accepted it), its read controls again;
//  5. the probes of the write operations that cannot change state (auth,
//     unreadable bodies);
//  6. resource by resource, the probes that may change state, then its
//     read controls again where the target accepted one of them;
//  7. resource by resource, the irreversible operations the user let
//     through (--allow-destructive): their probes that may change state,
//     then their valid requests, each followed by the read controls again;
//  8. the DELETE probes that may change state, and last the valid DELETEs.
//
// Each operation's probes thus come after its control, which decides how
// they are read (checks.Controls). A resource whose read control passed
// and fails when sent again changed: its later probes are skipped.
func (s *sender) runPlan(w *writePlan, out chan<- checks.Result) {
	for _, p := range take(&w.held) {
		out <- skipped(s.e, p, p.Hold)
	}
	d := newDriftWatch(s, out)
	got := s.e.answered
	for _, r := range got {
		out <- r
	}
	if len(w.reads)+len(got) > 0 {
		got = append(got, s.dispatch(s.feed(take(&w.reads)), out, true)...)
		d.watch(got)
		s.controls = checks.NewControls(got)
		s.learned = s.e.judge.Learn(got) // the reference's 404 names the framework
	}
	writes := func() {
		wr := s.dispatch(s.feed(take(&w.writes)), out, true)
		s.controls = checks.NewControls(append(got, wr...))
		s.verdict()
		d.check(wr, "writes")
	}
	// The verdict on the whole API needs every control: when the reads
	// alone are not enough or already look wrong, the writes go first.
	early := len(got) > 0 && s.controlVerdict() == nil
	if !early {
		writes()
	}
	s.dispatch(s.feed(take(&w.early)), out, false)
	if early {
		writes()
	}
	s.dispatch(d.feed(take(&w.late)), out, false)
	d.groups(take(&w.changing), "probes")
	d.groups(take(&w.finalProbes), "irreversible-probes")
	d.groups(take(&w.finalWrites), "irreversible-writes")
	s.dispatch(d.feed(take(&w.changingDeletes)), out, false)
	s.dispatch(d.feed(take(&w.deletes)), out, false)
}

// verdict stops the run when the controls show it cannot go on.
func (s *sender) verdict() {
	if err := s.controlVerdict(); err != nil {
		s.e.fail(err)
		s.stop()
	}
}

// keepControl records the result of a control request errprobe sent for an
// operation (not a recheck or a request of its own), for Engine.Controls.
func (s *sender) keepControl(r checks.Result) {
	if !checks.IsControl(r.Probe) || checks.IsAside(r.Probe) {
		return
	}
	s.controlsMu.Lock()
	s.sent = append(s.sent, r)
	s.controlsMu.Unlock()
}

// sentControls returns every control result kept, those sent before Run
// first.
func (s *sender) sentControls() []checks.Result {
	s.controlsMu.Lock()
	defer s.controlsMu.Unlock()
	return append(slices.Clone(s.e.answered), s.sent...)
}
