package report

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// ErrMismatch marks reports that cannot be merged: different targets,
// descriptions, seeds or error schemas, overlapping probes, or shards that
// do not add up to a whole run.
var ErrMismatch = errors.New("reports do not belong together")

// Merge combines the reports of one audit split into shards (or into
// filtered runs) into a single finished run: results re-sorted, summary and
// verdict recomputed, baseline comparisons added up. failOn, when not
// empty, replaces the reports' threshold, which must otherwise agree.
func Merge(runs []*Run, failOn string) (*Run, error) {
	if len(runs) == 0 {
		return nil, fmt.Errorf("%w: no reports", ErrMismatch)
	}
	if err := sameAudit(runs, failOn); err != nil {
		return nil, err
	}
	if err := shardsAddUp(runs); err != nil {
		return nil, err
	}
	first := runs[0]
	out := &Run{
		SchemaVersion: first.SchemaVersion, Tool: first.Tool, Target: first.Target, Spec: first.Spec,
		SpecTitle: first.SpecTitle, SpecVersion: first.SpecVersion, Seed: first.Seed,
		ErrorSchema: first.ErrorSchema, FailOn: first.FailOn, Preset: first.Preset, StartedAt: first.StartedAt, Complete: true,
		Methods: []string{}, Results: []Result{},
	}
	if failOn != "" {
		out.FailOn = failOn
	}
	seen := map[string]bool{}
	var stops []string
	for _, r := range runs {
		if r.StartedAt.Before(out.StartedAt) {
			out.StartedAt = r.StartedAt
		}
		out.DurationMs = max(out.DurationMs, r.DurationMs) // shards run side by side
		out.Complete = out.Complete && r.Complete
		if r.StopReason != "" {
			stops = append(stops, shardLabel(r)+r.StopReason)
		}
		out.Methods = append(out.Methods, r.Methods...)
		for _, w := range r.Warnings {
			if !slices.Contains(out.Warnings, w) {
				out.Warnings = append(out.Warnings, w)
			}
		}
		for _, res := range r.Results {
			if seen[res.ID] {
				return nil, fmt.Errorf("%w: probe %s is in more than one report", ErrMismatch, res.ID)
			}
			seen[res.ID] = true
			out.Results = append(out.Results, res)
		}
	}
	sort.Strings(out.Methods)
	out.Methods = slices.Compact(out.Methods)
	out.StopReason = strings.Join(stops, "; ")
	out.Baseline = mergeBaselines(runs)
	out.Finish()
	return out, nil
}

// sameAudit checks the reports come from the same audit settings.
func sameAudit(runs []*Run, failOn string) error {
	first := runs[0]
	for i, r := range runs[1:] {
		for _, f := range []struct{ name, a, b string }{
			{"schemaVersion", first.SchemaVersion, r.SchemaVersion},
			{"target", first.Target, r.Target},
			{"spec", first.Spec, r.Spec},
			{"seed", fmt.Sprint(first.Seed), fmt.Sprint(r.Seed)},
			{"errorSchema", first.ErrorSchema, r.ErrorSchema},
		} {
			if f.a != f.b {
				return fmt.Errorf("%w: report %d has %s %q, report 1 has %q", ErrMismatch, i+2, f.name, f.b, f.a)
			}
		}
		if failOn == "" && r.FailOn != first.FailOn {
			return fmt.Errorf("%w: report %d has failOn %q, report 1 has %q (give --fail-on)", ErrMismatch, i+2, r.FailOn, first.FailOn)
		}
	}
	return nil
}

// shardsAddUp checks that sharded reports are shards 1 to n of the same
// n, each exactly once. Reports without a shard are not constrained here;
// overlapping probes are caught while merging.
func shardsAddUp(runs []*Run) error {
	have := map[int]bool{}
	count := 0
	for _, r := range runs {
		if r.Shard == "" {
			continue
		}
		var i, n int
		if _, err := fmt.Sscanf(r.Shard, "%d/%d", &i, &n); err != nil || i < 1 || i > n {
			return fmt.Errorf("%w: shard %q is not i/n", ErrMismatch, r.Shard)
		}
		switch {
		case count != 0 && n != count:
			return fmt.Errorf("%w: shard %s and shards of %d", ErrMismatch, r.Shard, count)
		case have[i]:
			return fmt.Errorf("%w: shard %s given twice", ErrMismatch, r.Shard)
		}
		count, have[i] = n, true
	}
	if count != 0 && len(have) != len(runs) {
		return fmt.Errorf("%w: sharded and unsharded reports mixed", ErrMismatch)
	}
	for i := 1; i <= count; i++ {
		if !have[i] {
			return fmt.Errorf("%w: shard %d/%d is missing", ErrMismatch, i, count)
		}
	}
	return nil
}

func shardLabel(r *Run) string {
	if r.Shard == "" {
		return ""
	}
	return "shard " + r.Shard + ": "
}

// mergeBaselines adds up the reports' baseline comparisons; nil when no
// report had one.
func mergeBaselines(runs []*Run) *BaselineSummary {
	var out *BaselineSummary
	for _, r := range runs {
		b := r.Baseline
		if b == nil {
			continue
		}
		if out == nil {
			out = &BaselineSummary{File: b.File, Fixed: []BaselineEntry{}, Expired: []BaselineEntry{}}
		}
		out.Accepted += b.Accepted
		out.New += b.New
		out.Fixed = append(out.Fixed, b.Fixed...)
		out.Expired = append(out.Expired, b.Expired...)
	}
	if out != nil {
		out.Fixed, out.Expired = uniqueEntries(out.Fixed), uniqueEntries(out.Expired)
	}
	return out
}

func uniqueEntries(s []BaselineEntry) []BaselineEntry {
	sort.Slice(s, func(i, j int) bool {
		if s[i].Probe != s[j].Probe {
			return s[i].Probe < s[j].Probe
		}
		return s[i].Rule < s[j].Rule
	})
	return slices.Compact(s)
}
