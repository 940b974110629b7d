package report_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/redact"
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

// TestOwnWordsNotMasked: with the key errprobe-secret-123, "errprobe"
// (errprobe's own sample value) is eight characters of the secret. What
// errprobe sent keeps it; what the target sent back is still searched
// for any eight characters of the key.
func TestOwnWordsNotMasked(t *testing.T) {
	t.Parallel()
	const key = "errprobe-secret-123"
	b := credentialBuilder(t)
	b.Credentials = map[string][]report.Credential{checks.IdentityAuthorized: {{Header: "X-Api-Key", EnvVar: "ERRPROBE_AUTH"}}}
	b.Redactor = redact.New(key)
	p := probe([]byte(`{"name":"errprobe"}`))
	p.Description = "call /users/{name} with name errprobe"
	p.Request.Path = "/users/errprobe/pets?owner=errprobe"
	p.Request.Header = http.Header{"Content-Type": {"application/json"}, "X-Api-Key": {key}, "X-Tag": {"errprobe"}}
	tests := []struct {
		name, body string
		echo       bool
	}{
		{"an own word echoed", `{"error":"no user errprobe"}`, false},
		{"the key echoed", `{"error":"bad key ` + key + `"}`, true},
		{"half the key echoed", `{"error":"bad key ...be-secret-123..."}`, true},
		{"a short run echoed", `{"error":"bad key ...secret-1..."}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := b.Result(checks.Result{Probe: p, RequestID: "r1",
				Response: &checks.Response{Status: 400, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(tt.body)}}).Full()
			for what, s := range map[string]string{"URL": got.Request.URL, "curl line": got.Curl, "body": got.Request.Body,
				"header": got.Request.Headers["X-Tag"], "description": got.Description} {
				if strings.Contains(s, redact.Mask) || !strings.Contains(s, "errprobe") {
					t.Errorf("%s lost errprobe's own word: %s", what, s)
				}
			}
			if !strings.Contains(got.Request.URL, "/users/errprobe/pets?owner=errprobe") || !strings.Contains(got.Curl, "/users/errprobe/pets") {
				t.Errorf("URL %s, curl %s: the /errprobe segment is masked", got.Request.URL, got.Curl)
			}
			if strings.Contains(got.Curl, key) || got.Request.Headers["X-Api-Key"] != redact.Mask {
				t.Errorf("the credential header is not masked: %s, %v", got.Curl, got.Request.Headers)
			}
			echoed := false
			for _, v := range got.Violations {
				echoed = echoed || v.Rule == checks.RuleCredentialEcho
			}
			// A response is masked by every fragment (errprobe's own word
			// included: masking too much there leaks nothing), but only a
			// fragment the request does not hold is an echo.
			if echoed != tt.echo || !strings.Contains(got.Response.Body, redact.Mask) || strings.Contains(got.Response.Body, "secret-1") {
				t.Errorf("response %s: credential-echo %v, want %v", got.Response.Body, echoed, tt.echo)
			}
		})
	}
}
