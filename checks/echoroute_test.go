package checks

import (
	"net/http"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

// TestEchoingRoute: an unknown-resource probe of a route that documents no
// 404 and answers 200 repeating the made-up value (GET /greet/{name}) is a
// warning; a 200 that does not repeat it stays an error, and so does one
// where the route documents 404.
func TestEchoingRoute(t *testing.T) {
	t.Parallel()
	j, err := NewJudge(SchemaAuto, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	const made = "errprobe-missing-1a2b"
	tests := []struct {
		name   string
		echoed string
		body   string
		want   Severity
	}{
		{"echoes the value", made, `{"greeting":"hello ` + made + `"}`, SeverityWarning},
		{"answers something else", made, `{"greeting":"hello"}`, SeverityError},
		{"404 documented: no echo cap", "", `{"greeting":"hello ` + made + `"}`, SeverityError},
	}
	for _, tt := range tests {
		p := Probe{ID: "unknown-resource:GET /greet/{name}:name", CheckID: "unknown-resource", Family: FamilyUnknown,
			Op:      &openapi.Operation{Method: "GET", Path: "/greet/{name}"},
			Request: Request{Method: "GET", Path: "/greet/" + made},
			Expect:  Expectation{Statuses: []int{404}, Echoed: tt.echoed}}
		vs := j.Judge(p, &Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(tt.body)})
		if len(vs) == 0 || vs[0].Rule != RuleNegativeAccepted || vs[0].Severity != tt.want {
			t.Errorf("%s: %+v, want negative-accepted at %s", tt.name, vs, tt.want)
		}
	}
	if got := statusList(nil); got == "" {
		t.Error("statusList(nil) is empty")
	}
}
