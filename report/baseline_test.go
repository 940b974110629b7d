package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/errprobe/errprobe/internal/baseline"
	"github.com/errprobe/errprobe/report"
	"github.com/errprobe/errprobe/schemas"
)

// baselineRun is the shared fixture compared with a baseline that accepts
// its first violation, has expired the entry of its second, and lists a
// passing probe, which makes that entry fixed.
func baselineRun(t *testing.T) *report.Run {
	t.Helper()
	run := loadRun(t)
	var entries []baseline.Entry
	var pass string
	for _, r := range run.Results {
		if r.Outcome == report.OutcomePass && pass == "" {
			pass = r.ID
		}
		for _, v := range r.Violations {
			e := baseline.Entry{Probe: r.ID, Rule: v.Rule}
			switch len(entries) {
			case 0:
				e.Reason = "accepted until the v2 error format ships"
			case 1:
				e.Expires = "2025-01-01"
			default:
				continue
			}
			entries = append(entries, e)
		}
	}
	entries = append(entries, baseline.Entry{Probe: pass, Rule: "error-content-type"})
	baseline.Apply(run, &baseline.File{Version: 1, Entries: entries}, "errprobe-baseline.json",
		time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC))
	return run
}

func TestGoldenBaseline(t *testing.T) {
	t.Parallel()
	for _, v := range []variant{
		{"terminal-baseline", "terminal", report.Options{}},
		{"json-baseline", "json", report.Options{}},
	} {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			got := render(t, v, baselineRun(t))
			compareGolden(t, v.name, got)
		})
	}
}

func TestBaselineJSONMatchesSchema(t *testing.T) {
	t.Parallel()
	run := baselineRun(t)
	run.Shard = "2/3"
	if run.Baseline.Accepted == 0 || run.Baseline.New == 0 || len(run.Baseline.Fixed) != 1 || len(run.Baseline.Expired) != 1 {
		t.Fatalf("fixture baseline summary %+v: want accepted, new, one fixed, one expired", run.Baseline)
	}
	validateReport(t, run)
}

func validateReport(t *testing.T, run *report.Run) {
	t.Helper()
	sch, err := schemas.Builtin(schemas.Report)
	if err != nil {
		t.Fatal(err)
	}
	out := render(t, variant{"json", "json", report.Options{}}, run)
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if fs := sch.Validate(doc); len(fs) > 0 {
		t.Errorf("JSON report does not match schemas/report.schema.json: %+v", fs)
	}
}

// shardsOf cuts the fixture into n shard reports, round robin by result.
func shardsOf(t *testing.T, n int) []*report.Run {
	t.Helper()
	var out []*report.Run
	for i := range n {
		r := loadRun(t)
		r.Shard = string(rune('1'+i)) + "/" + string(rune('0'+n))
		r.Results = nil
		for j, res := range loadRun(t).Results {
			if j%n == i {
				r.Results = append(r.Results, res)
			}
		}
		r.Finish()
		out = append(out, r)
	}
	return out
}

func TestMerge(t *testing.T) {
	t.Parallel()
	whole := loadRun(t)
	merged, err := report.Merge(shardsOf(t, 3), "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(merged, whole) {
		got, _ := json.Marshal(merged)
		want, _ := json.Marshal(whole)
		t.Errorf("merged shards differ from the whole run:\n%s", firstDiff(got, want))
	}
	validateReport(t, merged)

	tests := []struct {
		name   string
		change func([]*report.Run)
		failOn string
	}{
		{"other target", func(r []*report.Run) { r[1].Target = "https://elsewhere.test" }, ""},
		{"other spec", func(r []*report.Run) { r[2].Spec = "other.yaml" }, ""},
		{"other seed", func(r []*report.Run) { r[1].Seed = 7 }, ""},
		{"other error schema", func(r []*report.Run) { r[1].ErrorSchema = "simple" }, ""},
		{"other fail-on", func(r []*report.Run) { r[1].FailOn = "warning" }, ""},
		{"shard of another split", func(r []*report.Run) { r[2].Shard = "3/4" }, ""},
		{"same shard twice", func(r []*report.Run) { r[2].Shard = "1/3" }, ""},
		{"unsharded mixed in", func(r []*report.Run) { r[2].Shard = "" }, ""},
		{"overlap", func(r []*report.Run) { r[1].Results = append(r[1].Results, r[0].Results[0]) }, ""},
	}
	for _, tt := range tests {
		runs := shardsOf(t, 3)
		tt.change(runs)
		if _, err := report.Merge(runs, tt.failOn); !errors.Is(err, report.ErrMismatch) {
			t.Errorf("%s: Merge error %v, want ErrMismatch", tt.name, err)
		}
	}
	runs := shardsOf(t, 3)
	runs[1].FailOn = "warning"
	if m, err := report.Merge(runs, "never"); err != nil || m.FailOn != "never" || m.Summary.Verdict != "pass" {
		t.Errorf("--fail-on never overrides disagreeing reports: %v", err)
	}
}
