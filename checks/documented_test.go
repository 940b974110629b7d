package checks

import (
	"net/http"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

func TestUndocumentedStatus(t *testing.T) {
	t.Parallel()
	j := newTestJudge(t, SchemaAuto)
	probe := func(statuses ...string) Probe {
		op := &openapi.Operation{Method: "DELETE", Path: "/books/{id}"}
		for _, s := range statuses {
			op.Responses = append(op.Responses, &openapi.Response{Status: s})
		}
		return Probe{ID: "auth-missing:DELETE /books/{id}", CheckID: "auth-missing", Family: FamilyForbidden, Op: op,
			Request: Request{Method: "DELETE", Path: "/books/1"}, Expect: Expectation{Statuses: []int{401}}}
	}
	h := http.Header{"WWW-Authenticate": {"Bearer"}, "Cache-Control": {"no-store"}}
	const body = `{"type":"about:blank","title":"Unauthorized","status":401}`
	for _, tt := range []struct {
		name     string
		statuses []string
		status   int
		want     []string
	}{
		{"documented exactly", []string{"204", "401", "404"}, 401, nil},
		{"documented by range", []string{"204", "4XX"}, 401, nil},
		{"documented by default", []string{"204", "404", "default"}, 401, nil},
		{"no 4xx documented at all", []string{"204"}, 401, nil},
		{"other 4xx documented", []string{"204", "403", "404"}, 401, []string{RuleUndocumentedStatus}},
		{"unexpected and undocumented: status-expected says it", []string{"204", "404"}, 403, []string{RuleStatusExpected}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := body
			if tt.status == 403 {
				b = `{"type":"about:blank","title":"Forbidden","status":403}`
			}
			runJudgeCases(t, j, probe(tt.statuses...), []judgeCase{{name: "judge", status: tt.status, header: h, body: b, want: tt.want}})
		})
	}
}
