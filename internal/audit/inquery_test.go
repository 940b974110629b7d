package audit_test

import (
	"net/http"
	"testing"

	"github.com/errprobe/errprobe/internal/testapi"
)

// TestCredentialInQuery audits an API that also takes bearer tokens from
// the access_token query parameter: the auth-credential-in-query probes
// must catch it (as warnings), a careful API must pass them, and the token
// must never reach the report even though it travelled in the URL.
func TestCredentialInQuery(t *testing.T) {
	t.Parallel()
	lenient := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if tok := r.URL.Query().Get("access_token"); tok != "" {
				r.Header.Set("Authorization", "Bearer "+tok)
			}
			next.ServeHTTP(w, r)
		})
	}
	tests := []struct {
		name    string
		api     http.Handler
		wantBad bool
	}{
		{"careful", testapi.New(testapi.Options{}), false},
		{"accepts tokens in the query", lenient(testapi.New(testapi.Options{})), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			run := runAudit(t, tt.api)
			probes := 0
			for _, r := range run.Results {
				if r.Check != "auth-credential-in-query" {
					continue
				}
				probes++
				bad := false
				for _, v := range r.Violations {
					if v.Rule == "negative-accepted" {
						bad = true
						if v.Severity != "warning" {
							t.Errorf("%s: severity %s, want warning (capped)", r.ID, v.Severity)
						}
					}
				}
				if bad != tt.wantBad {
					t.Errorf("%s: negative-accepted %v, want %v (status %v)", r.ID, bad, tt.wantBad, r.Response)
				}
			}
			if probes == 0 {
				t.Fatal("no auth-credential-in-query probes")
			}
			if tt.wantBad && run.Summary.Verdict != "pass" {
				t.Errorf("verdict %s: a warning must not fail a default run", run.Summary.Verdict)
			}
			assertNoCredentials(t, run)
		})
	}
}
