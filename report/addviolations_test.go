package report_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/redact"
	"github.com/errprobe/errprobe/report"
)

func TestAddViolations(t *testing.T) {
	t.Parallel()
	for failOn, want := range map[string]string{"error": report.OutcomePass, "warning": report.OutcomeFail} {
		b := credentialBuilder(t)
		b.Threshold = checks.LenientThreshold(failOn)
		res := b.Result(checks.Result{Probe: probe(nil), RequestID: "r1",
			Response: &checks.Response{Status: 400, Header: http.Header{}, Body: []byte(`{}`)}})
		if res.Outcome != report.OutcomePass {
			t.Fatalf("outcome %s before, want pass", res.Outcome)
		}
		b.AddViolations(&res, []checks.Violation{{Rule: checks.RuleShapeConsistency, Severity: checks.SeverityWarning, Message: "shape " + secret}})
		run := &report.Run{FailOn: failOn, Complete: true, Results: []report.Result{res}}
		run.Finish()
		res = run.Results[0]
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
	tests := []struct{ name, body string }{
		{"an own word echoed", `{"error":"no user errprobe"}`},
		{"the key echoed", `{"error":"bad key ` + key + `"}`},
		{"half the key echoed", `{"error":"bad key ...be-secret-123..."}`},
		{"a short run echoed", `{"error":"bad key ...secret-1..."}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := b.Result(checks.Result{Probe: p, RequestID: "r1",
				Response: &checks.Response{Status: 400, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(tt.body)}})
			for what, s := range map[string]string{"URL": got.Request.URL, "curl line": got.CurlLine(), "body": got.Request.Body,
				"header": got.Request.Headers["X-Tag"], "description": got.Description} {
				if strings.Contains(s, redact.Mask) || !strings.Contains(s, "errprobe") {
					t.Errorf("%s lost errprobe's own word: %s", what, s)
				}
			}
			if !strings.Contains(got.Request.URL, "/users/errprobe/pets?owner=errprobe") || !strings.Contains(got.CurlLine(), "/users/errprobe/pets") {
				t.Errorf("URL %s, curl %s: the /errprobe segment is masked", got.Request.URL, got.CurlLine())
			}
			if strings.Contains(got.CurlLine(), key) || got.Request.Headers["X-Api-Key"] != redact.Mask {
				t.Errorf("the credential header is not masked: %s, %v", got.CurlLine(), got.Request.Headers)
			}
			// A response is masked by every fragment (errprobe's own word
			// included: masking too much there leaks nothing); which
			// fragments are an echo is checks.Judge.Echo's business.
			if !strings.Contains(got.Response.Body, redact.Mask) || strings.Contains(got.Response.Body, "secret-1") {
				t.Errorf("response %s: not masked", got.Response.Body)
			}
		})
	}
}
