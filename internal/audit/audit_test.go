package audit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/audit"
	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/internal/redact"
	"github.com/errprobe/errprobe/internal/testapi"
	"github.com/errprobe/errprobe/report"
)

// TestModes runs a full audit against every mode of the fake API and pins
// which rules fire: none for the compliant API, exactly the rules meant
// for the defect otherwise. Where the defect touches only some probes,
// the checks whose probes fail are pinned too.
func TestModes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mode   testapi.Mode
		rules  []string
		checks []string // nil: not pinned
	}{
		{mode: testapi.Compliant},
		{mode: testapi.EchoCredentials, rules: []string{checks.RuleCredentialEcho}, checks: []string{"auth-low-privilege"}},
		{mode: testapi.HTMLErrors, rules: []string{checks.RuleContentType}},
		{mode: testapi.EmptyErrorBodies, rules: []string{checks.RuleContentType}},
		{
			mode:   testapi.StackTrace500OnBadJSON,
			rules:  []string{checks.RuleServerError, checks.RuleLeak, checks.RuleContentType, checks.RuleShapeConsistency},
			checks: []string{"malformed-body-shape", "malformed-json-syntax", "malformed-json-truncated"},
		},
		{
			mode:   testapi.AcceptMissingParams,
			rules:  []string{checks.RuleNegativeAccepted},
			checks: []string{"missing-cookie-param", "missing-header-param", "missing-query-param"},
		},
		{
			mode:   testapi.IgnoreAuth,
			rules:  []string{checks.RuleNegativeAccepted},
			checks: []string{"auth-credential-in-query", "auth-expired-token", "auth-invalid", "auth-low-privilege", "auth-malformed-token", "auth-missing", "auth-wrong-scheme"},
		},
		{
			mode:   testapi.No401Challenge,
			rules:  []string{checks.RuleWWWAuthenticate},
			checks: []string{"auth-credential-in-query", "auth-expired-token", "auth-invalid", "auth-malformed-token", "auth-missing", "auth-wrong-scheme"},
		},
		{mode: testapi.No405Allow, rules: []string{checks.RuleAllowHeader}, checks: []string{"method-not-allowed"}},
		{mode: testapi.StatusMemberMismatch, rules: []string{checks.RuleStatusMember}},
		{mode: testapi.WrongSchema, rules: []string{checks.RuleSchema}},
		{mode: testapi.InvalidJSONBody, rules: []string{checks.RuleBodyJSON}},
		{
			mode:  testapi.WrongStatus,
			rules: []string{checks.RuleStatusExpected},
			checks: []string{"auth-credential-in-query", "auth-expired-token", "auth-invalid", "auth-malformed-token", "auth-missing", "auth-wrong-scheme",
				"malformed-body-shape", "malformed-json-syntax", "malformed-json-truncated"},
		},
		{
			mode:  testapi.SQLErrorLeak,
			rules: []string{checks.RuleLeak},
			checks: []string{"malformed-param-constraint", "malformed-param-empty", "malformed-param-type",
				"missing-cookie-param", "missing-header-param", "missing-query-param"},
		},
	}
	if len(tests) != len(testapi.Modes()) {
		t.Errorf("%d cases for %d modes: every mode needs a case", len(tests), len(testapi.Modes()))
	}
	for _, tc := range tests {
		t.Run(tc.mode.String(), func(t *testing.T) {
			t.Parallel()
			api := testapi.New(testapi.Options{Mode: tc.mode})
			run := runAudit(t, api)
			assertAnswered(t, run)
			rules, checkIDs := violated(run)
			if !slices.Equal(rules, sorted(tc.rules)) {
				t.Errorf("rules violated = %v, want %v", rules, sorted(tc.rules))
				logViolations(t, run)
			}
			if tc.checks != nil && !slices.Equal(checkIDs, sorted(tc.checks)) {
				t.Errorf("checks with violations = %v, want %v", checkIDs, sorted(tc.checks))
			}
			if len(tc.rules) == 0 && run.Summary.Verdict != "pass" {
				t.Errorf("verdict = %q, want pass", run.Summary.Verdict)
			}
			if len(tc.rules) > 0 && run.Summary.Verdict != "fail" {
				t.Errorf("verdict = %q, want fail", run.Summary.Verdict)
			}
			assertNoCredentials(t, run)
		})
	}
}

// TestRequestIDs checks that every probe carries its own request ID and
// that the server saw each one exactly once.
func TestRequestIDs(t *testing.T) {
	t.Parallel()
	api := testapi.New(testapi.Options{})
	run := runAudit(t, api)
	want := map[string]bool{}
	for _, r := range run.Results {
		if r.RequestID == "" || want[r.RequestID] {
			t.Errorf("%s: request ID %q is empty or not unique in the report", r.ID, r.RequestID)
		}
		want[r.RequestID] = true
	}
	got := map[string]bool{}
	for _, rec := range api.Requests() {
		id := rec.Header.Get("X-Request-Id")
		if id == "" || got[id] {
			t.Errorf("%s %s: request ID %q is empty or was seen before", rec.Method, rec.Path, id)
		}
		got[id] = true
	}
	if api.Count() != len(run.Results) {
		t.Errorf("the server got %d requests for %d probes", api.Count(), len(run.Results))
	}
	if !maps.Equal(got, want) {
		t.Errorf("request IDs the server saw differ from the report's:\nserver %v\nreport %v", sortedKeys(got), sortedKeys(want))
	}
}

// TestReportMatchesWire checks that each result's request, as the report
// shows it, is what the server received: method, path, query, body and
// headers, with credentials masked and nothing else changed.
func TestReportMatchesWire(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		configure func(*audit.Config)
	}{
		{name: "X-Request-Id"},
		{
			name:      "request ID header left to the default",
			configure: func(cfg *audit.Config) { cfg.RequestIDHeader = "" },
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			api := testapi.New(testapi.Options{})
			run := runAudit(t, api, tc.configure)
			byID := map[string]testapi.Recorded{}
			for _, rec := range api.Requests() {
				byID[rec.Header.Get("X-Request-Id")] = rec
			}
			for _, r := range run.Results {
				rec, ok := byID[r.RequestID]
				if !ok {
					t.Errorf("%s: the server never saw request ID %s", r.ID, r.RequestID)
					continue
				}
				compareRequest(t, r, rec)
			}
		})
	}
}

func compareRequest(t *testing.T, r report.Result, rec testapi.Recorded) {
	t.Helper()
	r.Request.Headers = r.SentHeaders()
	u, err := url.Parse(r.Request.URL)
	if err != nil {
		t.Errorf("%s: report URL %q: %v", r.ID, r.Request.URL, err)
		return
	}
	// Credentials in the query are masked in the report: compare their names.
	got := rec.Query
	for k, vs := range u.Query() {
		if len(vs) == 1 && vs[0] == "[REDACTED]" && got.Has(k) {
			got = maps.Clone(got)
			got[k] = vs
		}
	}
	if r.Request.Method != rec.Method || u.Path != rec.Path || !maps.EqualFunc(u.Query(), got, slices.Equal) {
		t.Errorf("%s: report says %s %s, server got %s %s?%s", r.ID, r.Request.Method, r.Request.URL, rec.Method, rec.Path, rec.Query.Encode())
	}
	// Reports are UTF-8: bytes that are not are shown as U+FFFD.
	if r.Request.Body != strings.ToValidUTF8(string(rec.Body), "\uFFFD") {
		t.Errorf("%s: report body %q, server got %q", r.ID, r.Request.Body, rec.Body)
	}
	for k, v := range r.Request.Headers {
		got := strings.Join(rec.Header.Values(k), ", ")
		if v == redact.Mask {
			if !strings.Contains(got, testapi.AdminToken) && !strings.Contains(got, testapi.ReaderToken) {
				t.Errorf("%s: report masks header %s, but the server got %q", r.ID, k, got)
			}
		} else if got != v {
			t.Errorf("%s: report header %q: %q, server got %q", r.ID, k, v, got)
		}
	}
	for k := range rec.Header {
		if _, ok := r.Request.Headers[k]; !ok && !transportHeaders[k] {
			t.Errorf("%s: the server got header %s (%q), which the report leaves out", r.ID, k, rec.Header.Get(k))
		}
	}
}

// transportHeaders are added below the probe by Go's HTTP client.
var transportHeaders = map[string]bool{"Accept-Encoding": true, "Content-Length": true}

// TestNoRedirects audits an API that redirects everything to another
// server; errprobe must judge the 302 and never follow it.
func TestNoRedirects(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer elsewhere.Close()
	api := testapi.New(testapi.Options{RedirectTo: elsewhere.URL})
	run := runAudit(t, api)
	assertAnswered(t, run)
	if n := hits.Load(); n != 0 {
		t.Errorf("the redirect target got %d requests, want 0", n)
	}
	for _, r := range run.Results {
		if r.Response != nil && r.Response.Status != http.StatusFound {
			t.Errorf("%s: status %d, want the 302 itself", r.ID, r.Response.Status)
		}
	}
	// The redirect keeps the query, so the Location of the probe that sends
	// the token as access_token echoes it: a real credential-echo finding.
	want := []string{checks.RuleCredentialEcho, checks.RuleStatusExpected}
	if rules, _ := violated(run); !slices.Equal(rules, want) {
		t.Errorf("rules violated = %v, want %v", rules, want)
	}
	assertNoCredentials(t, run)
}

// runAudit serves api and audits it with the settings of a typical CI run,
// changed by configure when it is not nil.
func runAudit(t *testing.T, api http.Handler, configure ...func(*audit.Config)) *report.Run {
	t.Helper()
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	spec, err := openapi.Parse(ctx, "testapi/openapi.yaml", testapi.Spec(), openapi.Options{})
	if err != nil {
		t.Fatalf("parsing the fake API's description: %v", err)
	}
	judge, err := checks.NewJudge(checks.SchemaAuto, nil, nil)
	if err != nil {
		t.Fatalf("NewJudge: %v", err)
	}
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &audit.Config{
		Spec: spec, Target: target, Judge: judge, ErrorSchema: string(checks.SchemaAuto),
		Auth:       bearer("ERRPROBE_AUTH", testapi.AdminToken),
		Low:        bearer("ERRPROBE_LOW_AUTH", testapi.ReaderToken),
		LowMethods: []string{"POST", "PUT", "PATCH", "DELETE"},
		FailOn:     "error", Version: "test",
		Concurrency: 4, Timeout: 5 * time.Second, RequestIDHeader: "X-Request-Id",
	}
	for _, f := range configure {
		if f != nil {
			f(cfg)
		}
	}
	run, err := audit.Run(ctx, cfg)
	if err != nil {
		t.Fatalf("audit.Run: %v", err)
	}
	if len(run.Results) == 0 {
		t.Fatal("the audit planned no probes")
	}
	return run
}

func bearer(env, token string) audit.Identity {
	return audit.Identity{Headers: []audit.Header{{Name: "Authorization", Value: "Bearer " + token, EnvVar: env}}}
}

// assertAnswered checks the run is complete and every probe got a response.
func assertAnswered(t *testing.T, run *report.Run) {
	t.Helper()
	if !run.Complete {
		t.Errorf("run incomplete: %s", run.StopReason)
	}
	for _, r := range run.Results {
		if r.Response == nil || r.Outcome == report.OutcomeError || r.Outcome == report.OutcomeSkip {
			t.Errorf("%s: outcome %s, error %q: the probe got no response", r.ID, r.Outcome, r.Error)
		}
	}
	if s := run.Summary; s.Errored+s.Skipped != 0 {
		t.Errorf("summary: %d errors, %d skipped, want none", s.Errored, s.Skipped)
	}
}

// assertNoCredentials checks neither token appears anywhere in the run
// marshalled to JSON, nor in any report format at its most verbose.
func assertNoCredentials(t *testing.T, run *report.Run) {
	t.Helper()
	js, err := json.Marshal(run)
	if err != nil {
		t.Fatalf("marshalling the report: %v", err)
	}
	outputs := map[string]string{"json.Marshal": string(js)}
	for _, format := range report.Formats() {
		rep, err := report.New(format, report.Options{Verbosity: 1})
		if err != nil {
			t.Fatalf("report.New(%q): %v", format, err)
		}
		var buf bytes.Buffer
		if err := rep.Report(&buf, run); err != nil {
			t.Fatalf("%s report: %v", format, err)
		}
		outputs[format] = buf.String()
	}
	for name, out := range outputs {
		for _, secret := range []string{testapi.AdminToken, testapi.ReaderToken} {
			if strings.Contains(out, secret) {
				t.Errorf("the %s output contains the credential %q", name, secret)
			}
		}
	}
}

// violated returns the sorted rule IDs violated and the sorted check IDs
// of the probes with violations.
func violated(run *report.Run) (rules, checkIDs []string) {
	rs, cs := map[string]bool{}, map[string]bool{}
	for _, r := range run.Results {
		for _, v := range r.Violations {
			if v.Severity == "info" {
				continue // informational rules are tested on their own
			}
			rs[v.Rule], cs[r.Check] = true, true
		}
	}
	return sortedKeys(rs), sortedKeys(cs)
}

func logViolations(t *testing.T, run *report.Run) {
	t.Helper()
	for _, r := range run.Results {
		for _, v := range r.Violations {
			t.Logf("%s: %s: %s", r.ID, v.Rule, v.Message)
		}
	}
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

func sortedKeys(m map[string]bool) []string { return slices.Sorted(maps.Keys(m)) }
