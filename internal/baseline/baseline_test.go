package baseline_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/errprobe/errprobe/internal/baseline"
	"github.com/errprobe/errprobe/report"
)

// result builds a report result with the given outcome and rules violated.
func result(id, outcome string, rules ...string) report.Result {
	r := report.Result{ID: id, Outcome: outcome, Operation: report.Operation{Method: "GET", Path: "/x"}, Violations: []report.Violation{}}
	for _, rule := range rules {
		r.Violations = append(r.Violations, report.Violation{Rule: rule, Severity: "error", Message: rule + " broken"})
	}
	return r
}

func TestApply(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 6, 15, 23, 0, 0, 0, time.UTC)
	file := &baseline.File{Version: 1, Entries: []baseline.Entry{
		{Probe: "a", Rule: "r1"},
		{Probe: "a", Rule: "r2", Expires: "2025-06-15"}, // last day: still accepted
		{Probe: "b", Rule: "r1", Expires: "2025-06-14"}, // expired, still occurs
		{Probe: "c", Rule: "r1"},                        // fixed: c passed
		{Probe: "d", Rule: "r1"},                        // d errored: says nothing
		{Probe: "gone", Rule: "r1"},                     // not in this run: says nothing
		{Probe: "e", Rule: "r1", Expires: "2020-01-01"}, // expired and fixed
	}}
	run := &report.Run{FailOn: "error", Complete: true, Results: []report.Result{
		result("a", report.OutcomeFail, "r1", "r2", "r3"),
		result("b", report.OutcomeFail, "r1"),
		result("c", report.OutcomePass),
		result("d", report.OutcomeError),
		result("e", report.OutcomePass),
	}}
	baseline.Apply(run, file, "base.json", now)
	want := map[string][]string{"a": {"accepted", "accepted", "new"}, "b": {"new"}}
	for _, r := range run.Results {
		var got []string
		for _, v := range r.Violations {
			got = append(got, v.Baseline)
		}
		if strings.Join(got, ",") != strings.Join(want[r.ID], ",") {
			t.Errorf("%s: marks %v, want %v", r.ID, got, want[r.ID])
		}
	}
	b := run.Baseline
	if b.File != "base.json" || b.Accepted != 2 || b.New != 2 {
		t.Errorf("summary %+v, want 2 accepted, 2 new", b)
	}
	if len(b.Fixed) != 2 || b.Fixed[0].Probe != "c" || b.Fixed[1].Probe != "e" {
		t.Errorf("fixed = %+v, want c and e", b.Fixed)
	}
	if len(b.Expired) != 1 || b.Expired[0].Probe != "b" {
		t.Errorf("expired = %+v, want b", b.Expired)
	}
	if run.Failing() != 2 || run.Summary.Verdict != "fail" {
		t.Errorf("failing %d, verdict %s; want 2, fail", run.Failing(), run.Summary.Verdict)
	}
}

func TestAllAcceptedPasses(t *testing.T) {
	t.Parallel()
	run := &report.Run{FailOn: "error", Complete: true, Results: []report.Result{result("a", report.OutcomeFail, "r1")}}
	run.Finish()
	prev := baseline.FromRun(run, nil)
	baseline.Apply(run, prev, "b.json", time.Now())
	if run.Summary.Verdict != "pass" || run.Failing() != 0 {
		t.Errorf("verdict %s, failing %d: a run whose violations are all accepted passes", run.Summary.Verdict, run.Failing())
	}
}

// TestRoundTrip writes what FromRun records, reads it back, and keeps
// hand-written fields when regenerating.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	run := &report.Run{Results: []report.Result{
		result("z", report.OutcomeFail, "r1", "r1"), // one entry per probe and rule
		result("a", report.OutcomeFail, "r2"),
		result("skipped", report.OutcomeSkip),
	}}
	prev := &baseline.File{Version: 1, Entries: []baseline.Entry{
		{Probe: "a", Rule: "r2", Expires: "2030-01-01", Reason: "JIRA-1"},
		{Probe: "skipped", Rule: "r9", Reason: "kept: not judged"},
		{Probe: "fixed", Rule: "r1", Reason: "dropped"},
	}}
	f := baseline.FromRun(run, prev)
	var buf bytes.Buffer
	if err := baseline.Write(&buf, f); err != nil {
		t.Fatal(err)
	}
	back, err := baseline.Read(&buf)
	if err != nil {
		t.Fatalf("Read(Write(f)): %v\n%s", err, buf.String())
	}
	var got []string
	for _, e := range back.Entries {
		got = append(got, e.Probe+" "+e.Rule+" "+e.Reason)
	}
	want := "a r2 JIRA-1|skipped r9 kept: not judged|z r1 "
	if strings.Join(got, "|") != want {
		t.Errorf("entries %q, want %q", strings.Join(got, "|"), want)
	}
	if back.Entries[0].Operation != "GET /x" || back.Entries[0].Message != "r2 broken" || back.Entries[0].Expires != "2030-01-01" {
		t.Errorf("entry %+v lost a field", back.Entries[0])
	}
}

func TestReadRejects(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"empty", "", "not JSON"},
		{"two values", `{"version":1,"entries":[]} {}`, "more than one"},
		{"no version", `{"entries":[]}`, "version"},
		{"version 2", `{"version":2,"entries":[]}`, "/version"},
		{"entry without rule", `{"version":1,"entries":[{"probe":"p"}]}`, "/entries/0"},
		{"bad date", `{"version":1,"entries":[{"probe":"p","rule":"r","expires":"2025-13-01"}]}`, "not a date"},
		{"date format", `{"version":1,"entries":[{"probe":"p","rule":"r","expires":"1 May 2025"}]}`, "/entries/0/expires"},
		{"duplicate", `{"version":1,"entries":[{"probe":"p","rule":"r"},{"probe":"p","rule":"r"}]}`, "/entries/1 repeats /entries/0"},
	}
	for _, tt := range tests {
		_, err := baseline.Read(strings.NewReader(tt.in))
		if !errors.Is(err, baseline.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Read error %v, want ErrInvalid mentioning %q", tt.name, err, tt.want)
		}
	}
	if _, err := baseline.Read(strings.NewReader(`{"$schema":"x","version":1,"entries":[]}`)); err != nil {
		t.Errorf("a $schema member should be allowed: %v", err)
	}
}

// FuzzRead: a baseline file is user input; Read never panics, and what it
// accepts writes and reads back the same.
func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"version":1,"entries":[{"probe":"p","rule":"r","expires":"2025-01-01","reason":"x"}]}`))
	f.Add([]byte(`{"version":1,"entries":[]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := baseline.Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := baseline.Write(&buf, file); err != nil {
			t.Fatal(err)
		}
		if _, err := baseline.Read(&buf); err != nil {
			t.Fatalf("written baseline does not read back: %v", err)
		}
	})
}

func TestApplyAcceptsACauseByFingerprint(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)
	run := &report.Run{FailOn: "error", Complete: true, Results: []report.Result{
		result("a", report.OutcomeFail, "allow-header", "server-error"),
		result("b", report.OutcomeFail, "allow-header"),
	}}
	run.Finish()
	var allow, fixedCause string
	for _, c := range run.Causes {
		if c.Rule == "allow-header" {
			allow = c.Fingerprint
		}
	}
	fixedCause = report.Fingerprint("www-authenticate", "401 without WWW-Authenticate")
	file := &baseline.File{Version: 1, Entries: []baseline.Entry{{Cause: allow}, {Cause: fixedCause}}}
	baseline.Apply(run, file, "base.json", now)
	for _, r := range run.Results {
		for _, v := range r.Violations {
			want := report.BaselineNew
			if v.Rule == "allow-header" {
				want = report.BaselineAccepted
			}
			if v.Baseline != want {
				t.Errorf("%s %s: %q, want %q", r.ID, v.Rule, v.Baseline, want)
			}
		}
	}
	if b := run.Baseline; b.Accepted != 2 || b.New != 1 || len(b.Fixed) != 1 || b.Fixed[0].Cause != fixedCause {
		t.Errorf("summary %+v, want 2 accepted, 1 new, the www-authenticate cause fixed", b)
	}
	if run.Failing() != 1 || run.FailingCauses() != 1 {
		t.Errorf("failing %d violations in %d causes, want 1 in 1", run.Failing(), run.FailingCauses())
	}
}

func TestReadCauseEntries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, err string
	}{
		{"cause alone", `{"version":1,"entries":[{"cause":"0123456789abcdef","reason":"router pages, fixed in Q3"}]}`, ""},
		{"cause and probe", `{"version":1,"entries":[{"cause":"0123456789abcdef","probe":"p","rule":"r"}]}`, "either cause or probe and rule"},
		{"bad fingerprint", `{"version":1,"entries":[{"cause":"xyz"}]}`, "invalid baseline"},
		{"neither", `{"version":1,"entries":[{"reason":"?"}]}`, "invalid baseline"},
		{"cause twice", `{"version":1,"entries":[{"cause":"0123456789abcdef"},{"cause":"0123456789abcdef"}]}`, "repeats"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := baseline.Read(strings.NewReader(tt.file))
			if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Errorf("Read: %v, want error containing %q", err, tt.err)
			}
		})
	}
}
