package checks

import "testing"

// TestThreshold: which violations fail a probe and which count towards the
// run's verdict, for every --fail-on value. "never" still marks probes
// whose violations are errors as failing, so reports show what is wrong,
// but no violation counts towards the verdict.
func TestThreshold(t *testing.T) {
	t.Parallel()
	type want struct{ fails, counts bool }
	tests := []struct {
		failOn   string
		sev      Severity
		accepted bool
		want     want
	}{
		{"", SeverityError, false, want{true, true}},
		{"", SeverityWarning, false, want{false, false}},
		{"error", SeverityError, false, want{true, true}},
		{"error", SeverityError, true, want{false, false}},
		{"error", SeverityInfo, false, want{false, false}},
		{"warning", SeverityWarning, false, want{true, true}},
		{"warning", SeverityError, false, want{true, true}},
		{"warning", SeverityInfo, false, want{false, false}},
		{"info", SeverityInfo, false, want{true, true}},
		{"info", SeverityInfo, true, want{false, false}},
		{"never", SeverityError, false, want{true, false}},
		{"never", SeverityWarning, false, want{false, false}},
		{"never", SeverityError, true, want{false, false}},
	}
	for _, tt := range tests {
		th, err := ParseThreshold(tt.failOn)
		if err != nil {
			t.Fatalf("ParseThreshold(%q): %v", tt.failOn, err)
		}
		got := want{th.Fails(tt.sev, tt.accepted), th.Counts(tt.sev, tt.accepted)}
		if got != tt.want {
			t.Errorf("fail-on %q, %s (accepted %v): fails %v counts %v, want %+v", tt.failOn, tt.sev, tt.accepted, got.fails, got.counts, tt.want)
		}
	}
	for _, s := range []string{"error", "warning", "info", "never"} {
		if th, _ := ParseThreshold(s); th.String() != s {
			t.Errorf("ParseThreshold(%q).String() = %q", s, th.String())
		}
	}
	if _, err := ParseThreshold("errors"); err == nil {
		t.Error("ParseThreshold(errors): no error")
	}
	if th := LenientThreshold("bogus"); th != (Threshold{Min: SeverityError}) {
		t.Errorf("LenientThreshold(bogus) = %+v, want error", th)
	}
	if (Threshold{}).Fails(SeverityWarning, false) || !(Threshold{}).Fails(SeverityError, false) {
		t.Error("the zero Threshold is not the default, error")
	}
}
