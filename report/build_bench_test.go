package report

import (
	"net/http"
	"testing"
	"time"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/openapi"
)

// BenchmarkBuilderResult builds the report record of a typical answered
// probe (a JSON body sent with the authorised identity, a problem+json 400
// back): the per-probe cost of keeping a result for the reports.
func BenchmarkBuilderResult(b *testing.B) {
	bld := recordBuilder()
	header := http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json, application/problem+json"}}
	p := checks.Probe{ID: "malformed-field-type:POST /pets:name", CheckID: "malformed-field-type", Family: checks.FamilyMalformed,
		Op:      &openapi.Operation{Method: "POST", Path: "/pets"},
		Request: checks.Request{Method: "POST", Path: "/pets", Header: header, Body: []byte(`{"name":12345,"tag":"x"}`), Identity: checks.IdentityAuthorized},
		Expect:  checks.Expectation{Statuses: []int{400, 422}}}
	res := checks.Result{Probe: p, RequestID: "errprobe-0123456789abcdef", Response: &checks.Response{
		Status: 400, Duration: time.Millisecond, Body: []byte(`{"type":"about:blank","title":"Bad Request","status":400,"detail":"name must be a string"}`),
		Header: http.Header{"Content-Type": {"application/problem+json"}, "Content-Length": {"88"}, "Date": {"Wed, 25 Nov 2026 16:00:00 GMT"}, "X-Content-Type-Options": {"nosniff"}},
	}}
	b.ReportAllocs()
	for b.Loop() {
		bld.Result(res)
	}
}
