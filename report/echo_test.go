package report_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/report"
)

func TestCredentialEcho(t *testing.T) {
	t.Parallel()
	skipping, err := checks.NewJudge(checks.SchemaAuto, nil, []string{checks.RuleCredentialEcho})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		header http.Header
		body   string
		judge  *checks.Judge
		want   string // "" for no credential-echo
	}{
		{name: "clean", body: `{"error":"bad token"}`},
		{name: "in the body", body: `{"error":"bad token ` + secret + `"}`, want: "in the body"},
		{name: "in a header", header: http.Header{"X-Echo": {"Bearer " + secret}}, body: `{}`, want: "in header X-Echo"},
		{name: "in a refreshed cookie", header: http.Header{"Set-Cookie": {"sid=" + secret}}, body: `{}`},
		{name: "skipped", body: secret, judge: skipping},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := credentialBuilder(t)
			b.Judge = tt.judge
			h := http.Header{"Content-Type": {"application/json"}}
			for k, vs := range tt.header {
				h[k] = vs
			}
			got := b.Result(checks.Result{Probe: probe(nil), RequestID: "r1",
				Response: &checks.Response{Status: 400, Header: h, Body: []byte(tt.body)}})
			var msg string
			for _, v := range got.Violations {
				if v.Rule == checks.RuleCredentialEcho {
					msg = v.Message
				}
			}
			switch {
			case tt.want == "" && msg != "":
				t.Errorf("credential-echo reported: %s", msg)
			case tt.want != "" && !strings.Contains(msg, tt.want):
				t.Errorf("credential-echo message %q, want it to say %q", msg, tt.want)
			case tt.want != "" && (got.Outcome != report.OutcomeFail || got.Violations[0].Severity != "error"):
				t.Errorf("outcome %s, violations %+v; want a failing error", got.Outcome, got.Violations)
			}
		})
	}
}

func TestAddViolations(t *testing.T) {
	t.Parallel()
	for failOn, want := range map[string]string{"error": report.OutcomePass, "warning": report.OutcomeFail} {
		b := credentialBuilder(t)
		b.FailOn = failOn
		res := b.Result(checks.Result{Probe: probe(nil), RequestID: "r1",
			Response: &checks.Response{Status: 400, Header: http.Header{}, Body: []byte(`{}`)}})
		if res.Outcome != report.OutcomePass {
			t.Fatalf("outcome %s before, want pass", res.Outcome)
		}
		b.AddViolations(&res, []checks.Violation{{Rule: checks.RuleShapeConsistency, Severity: checks.SeverityWarning, Message: "shape " + secret}})
		if res.Outcome != want || len(res.Violations) != 1 || strings.Contains(res.Violations[0].Message, secret) ||
			res.Violations[0].Severity != "warning" {
			t.Errorf("fail-on %s, after AddViolations: outcome %s, violations %+v; want %s and one masked warning", failOn, res.Outcome, res.Violations, want)
		}
	}
}
