package audit

import (
	"context"

	"fmt"
	"sort"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/engine"
	"github.com/errprobe/errprobe/internal/fixture"
	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/report"
)

// heldBack marks the probes of irreversible operations that are not sent
// (checks.HoldBack) and says, for the run's warnings, how many and where.
func heldBack(probes []checks.Probe, allowed func(op *openapi.Operation) bool) string {
	n := checks.HoldBack(probes, allowed)
	if n == 0 {
		return ""
	}
	seen := map[string]bool{}
	var ops []string
	for _, p := range probes {
		if p.Hold != "" && !seen[p.Op.Key()] {
			seen[p.Op.Key()] = true
			ops = append(ops, fmt.Sprintf("%s (%s)", p.Op.Key(), checks.Irreversible(p.Op)))
		}
	}
	sort.Strings(ops)
	return fmt.Sprintf("%d probes of %s held back, not sent: the operations are irreversible or delete the identity errprobe uses, and only their probes that cannot succeed (authentication, unreadable bodies) are sent; --allow-destructive, or allowDestructive: in errprobe.yaml, sends them: %s",
		n, countOps(len(ops)), checks.ListSome(ops, 5))
}

// driftWarnings names, for the run's warnings, the resources that changed
// during the run and the request after which they did.
func driftWarnings(ds []engine.Drift) []string {
	var out []string
	for _, d := range ds {
		after := d.After
		if d.Accepted > 1 {
			after = fmt.Sprintf("%s (or one of the %d other requests of it the target accepted then)", d.After, d.Accepted-1)
		}
		out = append(out, fmt.Sprintf("the resource %s changed during the run, after %s: its valid GET passed before and got %d when sent again, so its later probes were skipped", d.Resource, after, d.Status))
	}
	return out
}

// withFixtures creates the items the plan's item operations need (see
// package fixture), collection by collection, shallow ones first, and
// returns the shard's probes to send: made again with their identifiers
// as path values, less the controls the fixtures' look-ups stood for. all
// is the whole plan, before any shard is selected: every shard removes
// what it created as the whole run does; probes is the shard's part of it.
func withFixtures(ctx context.Context, cfg *Config, fx *fixture.Fixtures, all, probes []checks.Probe) []checks.Probe {
	for depth := 1; depth <= fixture.MaxDepth; depth++ {
		vs := fx.Create(ctx, probes, all, cfg.Values, depth)
		if len(vs) == 0 {
			continue
		}
		cfg.Values = append(append(checks.ParamValues{}, cfg.Values...), vs...)
		all, _ = Plan(cfg) // the same warnings as the first plan's
		probes = cfg.Shard.Select(all)
	}
	fx.Bind(all)
	return fx.Unsent(probes)
}

// addFixtures records errprobe's own requests (fixtures created, read
// back, removed) in the run, as controls, and what they did as warnings.
func addFixtures(run *report.Run, b *report.Builder, fx *fixture.Fixtures) {
	for _, r := range fx.Results() {
		run.Results = append(run.Results, b.Result(r))
	}
	run.Warnings = append(run.Warnings, fx.Warnings()...)
}
