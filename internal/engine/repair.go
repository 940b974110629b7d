package engine

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/openapi"
)

// Repairer makes other valid requests for an operation whose valid request
// the target rejected, and the operation's probes again from the one it
// accepted; the audit implements it over its plan.
type Repairer interface {
	// Repair starts trying other valid requests for op.
	Repair(op *openapi.Operation) *checks.Repairing
	// Rebuild returns op's probes made with values, as the plan makes them.
	Rebuild(op *openapi.Operation, values checks.ParamValues) []checks.Probe
}

// Repair is what became of an operation whose valid request the target
// rejected.
type Repair struct {
	Op string // "METHOD /path"
	// Status is what the valid request as first built got, and Answer the
	// start of its body.
	Status int
	Answer string
	// Accepted is set when a repaired request passed; Steps says what it
	// changed and Values give it back (for values: in errprobe.yaml).
	Accepted bool
	Steps    []string
	Values   checks.ParamValues
	// Tries is how many other requests were sent; Blamed names the inputs
	// the last answer pointed at ("body:name"), for a repair that failed.
	Tries  int
	Blamed []string
}

// repairs holds a run's repairs and the probes rebuilt from them.
type repairs struct {
	any     atomic.Bool // set once an operation's probes were rebuilt: until then no probe looks further
	mu      sync.Mutex
	list    []Repair
	rebuilt map[string]map[string]checks.Probe // by operation key, then probe ID
}

// Repairs returns what became of the operations whose valid request the
// target rejected, sorted by operation, once Run's channel is closed.
func (e *Engine) Repairs() []Repair {
	e.repair.mu.Lock()
	defer e.repair.mu.Unlock()
	out := slices.Clone(e.repair.list)
	slices.SortFunc(out, func(a, b Repair) int { return strings.Compare(a.Op, b.Op) })
	return out
}

// repairs reports whether r is an operation's control the target
// rejected in a way another request may cure.
func (s *sender) repairs(r checks.Result) bool {
	p := r.Probe
	return s.e.opts.Repairer != nil && s.e.opts.MaxRepairs > 0 && r.Response != nil && !r.Skipped &&
		checks.IsControl(p) && !checks.IsReference(p) && !checks.IsAside(p) &&
		checks.Repairable(r.Response.Status) && checks.Irreversible(p.Op) == "" && s.runCtx.Err() == nil
}

// repair tries other valid requests for the operation of the rejected
// control r, each chosen from the last answer, and returns the result to
// keep as the operation's control: the first request the target accepted,
// or r. Every other request sent is streamed as one of errprobe's own.
func (s *sender) repair(r checks.Result, out chan<- checks.Result) checks.Result {
	op := r.Probe.Op
	rp := s.e.opts.Repairer.Repair(op)
	rec := Repair{Op: op.Key(), Status: r.Response.Status, Answer: excerpt(r.Response.Body, 200)}
	last := r.Response
	var tried []checks.Result
	for i := 0; i < s.e.opts.MaxRepairs && s.runCtx.Err() == nil; i++ {
		next, ok := rp.Next(last.Status, last.Body)
		if !ok {
			break
		}
		rec.Tries++
		steps := strings.Join(rp.Steps(), "; ")
		res := s.probe(checks.Aside(next, fmt.Sprintf("repair-%d", i+1), "try another valid request, as the target rejected the first: "+steps+" (no finding by itself)"))
		if res.Response != nil && checks.Classify(res) == checks.ControlOK {
			rec.Accepted, rec.Steps, rec.Values = true, rp.Steps(), rp.Values()
			s.rebuild(op, rec.Values)
			first := r
			first.Probe = checks.Aside(r.Probe, "as-first-built", fmt.Sprintf("send the operation's valid request as errprobe first built it; the target rejected it (%d), so errprobe repaired it (no finding by itself)", r.Response.Status))
			for _, t := range append([]checks.Result{first}, tried...) {
				out <- t
			}
			next.Description = "send the operation's valid request, repaired after the target rejected the first: " + steps + " (no finding by itself)"
			res.Probe = next
			s.record(rec)
			return res
		}
		tried = append(tried, res)
		if res.Response == nil || !checks.Repairable(res.Response.Status) {
			break // not a request the target reads as wrong any more: a 404, a 5xx, no answer
		}
		last = res.Response
	}
	for _, t := range tried {
		out <- t
	}
	rec.Blamed = rp.Blamed()
	s.record(rec)
	return r
}

func (s *sender) record(r Repair) {
	s.e.repair.mu.Lock()
	s.e.repair.list = append(s.e.repair.list, r)
	s.e.repair.mu.Unlock()
}

// rebuild makes op's probes again from the repaired values; probes of op
// sent from then on are these (see repaired).
func (s *sender) rebuild(op *openapi.Operation, values checks.ParamValues) {
	byID := map[string]checks.Probe{}
	for _, p := range s.e.opts.Repairer.Rebuild(op, values) {
		if p.Op != nil && p.Op.Key() == op.Key() {
			byID[p.ID] = p
		}
	}
	s.e.repair.mu.Lock()
	defer s.e.repair.mu.Unlock()
	if s.e.repair.rebuilt == nil {
		s.e.repair.rebuilt = map[string]map[string]checks.Probe{}
	}
	s.e.repair.rebuilt[op.Key()] = byID
	s.e.repair.any.Store(true)
}

// repaired returns the probe to send for p: the one made from its
// operation's repaired valid request, when there is one; why is set when
// the repaired request makes no such probe.
func (s *sender) repaired(p checks.Probe) (checks.Probe, string) {
	if !s.e.repair.any.Load() || checks.IsControl(p) || p.Op == nil {
		return p, ""
	}
	s.e.repair.mu.Lock()
	m := s.e.repair.rebuilt[p.Op.Key()]
	s.e.repair.mu.Unlock()
	if m == nil {
		return p, ""
	}
	if q, ok := m[p.ID]; ok {
		return q, ""
	}
	return p, "not sent: errprobe repaired the operation's valid request, and the repaired request makes no such probe"
}

// excerpt returns the start of a body as one line.
func excerpt(b []byte, n int) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}
