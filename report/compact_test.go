package report_test

import (
	"net/http"
	"reflect"
	"testing"

	"github.com/errprobe/errprobe/checks"
)

func TestPassingResultsKeepCompactHeaders(t *testing.T) {
	t.Parallel()
	header := func() http.Header {
		return http.Header{
			"Content-Type": {"application/problem+json"}, "Date": {"Wed, 25 Nov 2026 14:00:00 GMT"},
			"Content-Length": {"120"}, "Www-Authenticate": {"Bearer"}, "X-Powered-By": {"Express"},
			"Cache-Control": {"no-store"}, "X-Trace": {"abc"},
		}
	}
	all := map[string]string{
		"Content-Type": "application/problem+json", "Date": "Wed, 25 Nov 2026 14:00:00 GMT",
		"Content-Length": "120", "Www-Authenticate": "Bearer", "X-Powered-By": "Express",
		"Cache-Control": "no-store", "X-Trace": "abc",
	}
	compact := map[string]string{
		"Content-Type": "application/problem+json", "Www-Authenticate": "Bearer",
		"X-Powered-By": "Express", "Cache-Control": "no-store",
	}
	failing := []checks.Violation{{Rule: "error-schema", Severity: checks.SeverityError, Message: "m"}}
	tests := []struct {
		name string
		res  checks.Result
		want map[string]string
	}{
		{"pass", checks.Result{}, compact},
		{"pass with a warning", checks.Result{Violations: []checks.Violation{{Rule: "r", Severity: checks.SeverityWarning, Message: "w"}}}, compact},
		{"fail", checks.Result{Violations: failing}, all},
		{"skip", checks.Result{Skipped: true}, all},
		{"error", checks.Result{Err: http.ErrHandlerTimeout}, all},
	}
	b := credentialBuilder(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.res
			res.Probe, res.RequestID = probe([]byte(`{`)), "errprobe-1"
			res.Response = &checks.Response{Status: 400, Header: header(), Body: []byte(`{"title":"x"}`)}
			got := b.Result(res)
			if !reflect.DeepEqual(got.Response.Headers, tt.want) {
				t.Errorf("headers = %v, want %v", got.Response.Headers, tt.want)
			}
		})
	}
}

func TestPassingHeaderMapsAreShared(t *testing.T) {
	t.Parallel()
	b := credentialBuilder(t)
	build := func(ct string) map[string]string {
		res := checks.Result{Probe: probe([]byte(`{`)), RequestID: "errprobe-1", Response: &checks.Response{Status: 400,
			Header: http.Header{"Content-Type": {ct}, "Date": {"now"}}, Body: []byte(`{}`)}}
		return b.Result(res).Response.Headers
	}
	a1, a2, other := build("application/json"), build("application/json"), build("text/plain")
	if reflect.ValueOf(a1).UnsafePointer() != reflect.ValueOf(a2).UnsafePointer() {
		t.Error("identical compact header sets are separate maps")
	}
	if other["Content-Type"] != "text/plain" || a1["Content-Type"] != "application/json" {
		t.Errorf("shared maps mixed up: %v %v", a1, other)
	}
}
