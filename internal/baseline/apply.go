package baseline

import (
	"sort"
	"time"

	"github.com/errprobe/errprobe/report"
)

// Apply compares a run with a baseline named name on day now: each
// violation is marked accepted (a current entry matches it) or new; the
// run's Baseline summary lists the entries whose violation no longer occurs
// (fixed) and those past their expires date that still match (expired);
// the run is finished again, so its verdict counts only new violations.
//
// An entry with a cause accepts every violation of that cause; it counts
// as fixed when the run judged some probe and none showed the cause.
// An entry counts as fixed only when its probe ran and was judged in this
// run: a probe that was filtered out, sent by another shard or could not
// be sent says nothing about the entry.
func Apply(run *report.Run, f *File, name string, now time.Time) {
	if run.Causes == nil {
		run.Finish() // sets each violation's cause
	}
	today := now.UTC().Format(DateLayout)
	entries := map[Key]Entry{}
	for _, e := range f.Entries {
		entries[e.Key()] = e
	}
	sum := &report.BaselineSummary{File: name, Fixed: []report.BaselineEntry{}, Expired: []report.BaselineEntry{}}
	occurs, judged := map[Key]bool{}, map[string]bool{}
	for i := range run.Results {
		res := &run.Results[i]
		if res.Outcome == report.OutcomePass || res.Outcome == report.OutcomeFail {
			judged[res.ID] = true
		}
		for j := range res.Violations {
			v := &res.Violations[j]
			k, ck := Key{Probe: res.ID, Rule: v.Rule}, Key{Cause: v.Cause}
			occurs[k] = true
			e, ok := entries[k]
			if v.Cause != "" {
				occurs[ck] = true
				if !ok || e.expired(today) {
					e, ok = entries[ck]
				}
			}
			if ok && !e.expired(today) {
				v.Baseline = report.BaselineAccepted
				sum.Accepted++
			} else {
				v.Baseline = report.BaselineNew
				sum.New++
			}
		}
	}
	for _, e := range f.Entries {
		ref := report.BaselineEntry{Probe: e.Probe, Rule: e.Rule, Cause: e.Cause, Expires: e.Expires}
		switch {
		case occurs[e.Key()] && e.expired(today):
			sum.Expired = append(sum.Expired, ref)
		case !occurs[e.Key()] && (judged[e.Probe] || e.Cause != "" && len(judged) > 0):
			sum.Fixed = append(sum.Fixed, ref)
		}
	}
	sortEntries(sum.Fixed)
	sortEntries(sum.Expired)
	run.Baseline = sum
	run.Finish()
}

func sortEntries(s []report.BaselineEntry) {
	sort.Slice(s, func(i, j int) bool {
		return keyLess(Key{s[i].Probe, s[i].Rule, s[i].Cause}, Key{s[j].Probe, s[j].Rule, s[j].Cause})
	})
}
