package audit

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/engine"
	"github.com/errprobe/errprobe/internal/openapi"
)

// repairer is the engine's Repairer over an audit's plan. It reads cfg
// when asked, so values the fixtures added are in. The description's
// paths and name families do not depend on values: they are computed for
// the first repair and shared by the others (on a large description,
// computing the families for each repair the workers ran at once was the
// peak of the run's memory).
type repairer struct {
	cfg   *Config
	once  sync.Once
	paths []string
	names *checks.NameIndex
}

func newRepairer(cfg *Config) *repairer { return &repairer{cfg: cfg} }

func (r *repairer) Repair(op *openapi.Operation) *checks.Repairing {
	r.once.Do(func() {
		g := newGen(r.cfg)
		r.paths, r.names = g.AllPaths, g.NewNameIndex()
	})
	g := genOver(r.cfg, r.paths)
	g.Names = r.names
	return g.Repair(op)
}

// Rebuild plans op alone with values after the run's own, as the whole
// plan was made: same checks, overrides, caps and held-back operations.
func (r *repairer) Rebuild(op *openapi.Operation, values checks.ParamValues) []checks.Probe {
	c := *r.cfg
	c.Values = append(slices.Clone(c.Values), values...)
	spec := *c.Spec
	spec.Operations = []*openapi.Operation{op}
	c.Spec, c.Include, c.Exclude = &spec, OpFilter{}, OpFilter{}
	probes, _ := Plan(&c)
	return probes
}

// repairWarnings says, for the run's warnings, which rejected valid
// requests errprobe repaired and how to keep the repair, and which it
// could not repair and which values would help.
func repairWarnings(rs []engine.Repair) []string {
	var fixed, failed []string
	var keep []string
	for _, r := range rs {
		if r.Accepted {
			fixed = append(fixed, fmt.Sprintf("%s (%d: %s)", r.Op, r.Status, strings.Join(r.Steps, "; ")))
			keep = append(keep, valuesLine(r))
			continue
		}
		hint := ""
		if len(r.Blamed) > 0 {
			hint = fmt.Sprintf("; the answer points at %s: give a value the target accepts, e.g. --param '%s=VALUE' (per operation: values: {%q: {%q: VALUE}} in errprobe.yaml)",
				strings.Join(r.Blamed, ", "), r.Blamed[0], r.Op, r.Blamed[0])
		}
		failed = append(failed, fmt.Sprintf("%s (%d %q, %d other requests tried%s)", r.Op, r.Status, r.Answer, r.Tries, hint))
	}
	var out []string
	if len(fixed) > 0 {
		out = append(out, fmt.Sprintf("the target rejected errprobe's valid request of %s, and accepted a repaired one, from which their probes were made: %s; to send it from the start, give values: %s",
			countOps(len(fixed)), checks.ListSome(fixed, 5), checks.ListSome(keep, 5)))
	}
	if len(failed) > 0 {
		out = append(out, fmt.Sprintf("the target rejected errprobe's valid request of %s and no repaired one, so their validation probes were not judged: %s",
			countOps(len(failed)), checks.ListSome(failed, 5)))
	}
	return out
}

// valuesLine writes a repair's values as errprobe.yaml takes them.
func valuesLine(r engine.Repair) string {
	parts := make([]string, 0, len(r.Values))
	for _, v := range r.Values {
		key := v.Name
		if v.In != "" {
			key = v.In + ":" + v.Name
		}
		val := "null"
		if !v.Omit {
			val = fmt.Sprintf("%q", v.Value)
		}
		parts = append(parts, fmt.Sprintf("%q: %s", key, val))
	}
	return fmt.Sprintf("%q: {%s}", r.Op, strings.Join(parts, ", "))
}

// repairedOps returns the operations a repair was tried for.
func repairedOps(rs []engine.Repair) map[string]bool {
	out := make(map[string]bool, len(rs))
	for _, r := range rs {
		out[r.Op] = true
	}
	return out
}
