package checks

import (
	"net/http"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

// TestProbeCap: an advisory probe's cap lowers its violations, except leaks,
// server errors and severities the user set for the rule or the check.
func TestProbeCap(t *testing.T) {
	t.Parallel()
	p := Probe{ID: "malformed-body-shape:POST /x:invalid-utf8", CheckID: "malformed-body-shape", Family: FamilyMalformed,
		Op: &openapi.Operation{Method: "POST", Path: "/x"}, Request: Request{Method: "POST"},
		Expect: Expectation{Statuses: []int{400, 422}, Cap: SeverityWarning}}
	accepted := &Response{Status: 201, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{}`)}
	crashed := &Response{Status: 500, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"error":"boom"}`)}
	tests := []struct {
		name      string
		overrides map[string]Severity
		resp      *Response
		rule      string
		want      Severity
	}{
		{"capped", nil, accepted, RuleNegativeAccepted, SeverityWarning},
		{"server errors are never capped", nil, crashed, RuleServerError, SeverityError},
		{"rule override wins", map[string]Severity{RuleNegativeAccepted: SeverityError}, accepted, RuleNegativeAccepted, SeverityError},
		{"check override wins", map[string]Severity{"malformed-body-shape": SeverityError}, accepted, RuleNegativeAccepted, SeverityError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			j, err := NewJudge(SchemaAuto, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			j.SetSeverities(tt.overrides)
			found := false
			for _, v := range j.Judge(p, tt.resp) {
				if v.Rule == tt.rule {
					found = true
					if v.Severity != tt.want {
						t.Errorf("%s severity %s, want %s", v.Rule, v.Severity, tt.want)
					}
				}
			}
			if !found {
				t.Errorf("no %s violation", tt.rule)
			}
		})
	}
}
