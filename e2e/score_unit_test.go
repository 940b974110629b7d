//go:build e2e

package e2e

import "testing"

// TestScore checks the scoring itself on a hand-made report, so that a
// matcher that matches nothing (or everything) cannot pass the suite.
func TestScore(t *testing.T) {
	t.Parallel()
	res := func(check, family, method, path string, rules ...string) result {
		r := result{ID: check + ":" + method + " " + path, Check: check, Family: family,
			Operation: operation{Method: method, Path: path}, Outcome: "pass"}
		for _, rule := range rules {
			r.Violations = append(r.Violations, violation{Rule: rule, Severity: "error"})
			r.Outcome = "fail"
		}
		return r
	}
	a := audit{Exit: 1, Report: report{Complete: true, Results: []result{
		res("unknown-path", "unknown-route", "GET", "/users/1/errprobe-x", "error-content-type"),
		res("method-not-allowed", "unknown-route", "PUT", "/users", "error-content-type"),
		res("auth-missing", "forbidden", "GET", "/users", "status-expected", "www-authenticate"),
		res("auth-missing", "forbidden", "POST", "/users"),
		res("auth-invalid", "forbidden", "POST", "/users", "negative-accepted"),
	}}}
	sel := func(family, op, prefix, check string) selector {
		return selector{Family: family, Operation: op, PathPrefix: prefix, Check: check}
	}
	e := expectation{Target: "t", Exit: 1,
		Defects: []defect{
			{selector: sel("unknown-route", "", "/users/", "unknown-path"), Rule: "error-content-type"},
			{selector: sel("unknown-route", "* /users", "", "method-not-allowed"), Rule: "error-content-type"},
			{selector: sel("forbidden", "GET /users", "", "auth-missing"), Rule: "status-expected"},
			{selector: sel("forbidden", "GET /users", "", ""), Rule: "www-authenticate", Optional: true},
			{selector: sel("forbidden", "DELETE /users/{id}", "", ""), Rule: "negative-accepted"},
			{selector: sel("malformed", "GET /users", "", ""), Rule: "status-expected", Optional: true},
		},
		MustPass: []mustPass{
			{selector: sel("forbidden", "POST /users", "", "auth-missing")},
			{selector: sel("forbidden", "POST /users", "", "")},
			{selector: sel("malformed", "POST /users", "", "")},
		},
	}
	for _, d := range e.Defects {
		if err := d.validate(); err != nil {
			t.Fatalf("validate %v: %v", d, err)
		}
	}
	s := compare(e, a)
	if s.Expected != 4 || s.Found != 3 {
		t.Errorf("expected %d found %d, want 4 and 3", s.Expected, s.Found)
	}
	if len(s.Missed) != 1 || s.Missed[0].Operation != "DELETE /users/{id}" {
		t.Errorf("missed %v, want only the DELETE defect", s.Missed)
	}
	if len(s.FalseAlarms) != 1 || s.FalseAlarms[0].Result.Check != "auth-invalid" {
		t.Errorf("false alarms %v, want only auth-invalid", s.FalseAlarms)
	}
	if len(s.NotPassed) != 2 {
		t.Errorf("must-pass failures %q, want 2 (POST /users forbidden failed, malformed not probed)", s.NotPassed)
	}
	if len(s.Problems) != 0 {
		t.Errorf("problems %q, want none", s.Problems)
	}
	for _, bad := range []selector{{Operation: "GET /x"}, sel("f", "", "", ""), sel("f", "GET /x", "/x", ""), sel("f", "/x", "", "")} {
		if bad.validate() == nil {
			t.Errorf("selector %+v validated", bad)
		}
	}
}
