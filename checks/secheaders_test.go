package checks

import (
	"net/http"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

func TestSecurityHeaderRules(t *testing.T) {
	t.Parallel()
	const body = `{"type":"about:blank","title":"Not Found","status":404}`
	runJudgeCases(t, newTestJudge(t, SchemaAuto), notFoundProbe(), []judgeCase{
		{name: "compliant", status: 404, body: body},
		{name: "no nosniff", status: 404, header: http.Header{"X-Content-Type-Options": {""}}, body: body, want: []string{RuleNosniff}},
		{name: "nosniff in upper case", status: 404, header: http.Header{"X-Content-Type-Options": {"NOSNIFF"}}, body: body},
		{name: "nosniff first of a list", status: 404, header: http.Header{"X-Content-Type-Options": {"nosniff, other"}}, body: body},
		{name: "nosniff only second", status: 404, header: http.Header{"X-Content-Type-Options": {"no, nosniff"}}, body: body, want: []string{RuleNosniff}},
		{name: "no nosniff but no body either", status: 404, header: http.Header{"X-Content-Type-Options": {""}}, want: []string{RuleContentType}},
		{name: "CORS wildcard with credentials", status: 404, header: http.Header{"Access-Control-Allow-Origin": {"*"}, "Access-Control-Allow-Credentials": {"true"}}, body: body, want: []string{RuleCORSWildcard}},
		{name: "CORS wildcard alone", status: 404, header: http.Header{"Access-Control-Allow-Origin": {"*"}}, body: body},
		{name: "CORS origin with credentials", status: 404, header: http.Header{"Access-Control-Allow-Origin": {"https://app.example"}, "Access-Control-Allow-Credentials": {"true"}}, body: body},
		{name: "Server with a version", status: 404, header: http.Header{"Server": {"nginx/1.25.3"}}, body: body, want: []string{RuleVersionDisclosure}},
		{name: "Server with a version in parentheses", status: 404, header: http.Header{"Server": {"Apache/2.4.41 (Ubuntu)"}}, body: body, want: []string{RuleVersionDisclosure}},
		{name: "Server without a version", status: 404, header: http.Header{"Server": {"nginx"}}, body: body},
		{name: "X-Powered-By Express", status: 404, header: http.Header{"X-Powered-By": {"Express"}}, body: body, want: []string{RuleVersionDisclosure}},
		{name: "X-Powered-By PHP", status: 404, header: http.Header{"X-Powered-By": {"PHP/8.1"}}, body: body, want: []string{RuleVersionDisclosure}},
	})
}

func TestCacheControlAuth(t *testing.T) {
	t.Parallel()
	op := &openapi.Operation{Method: "GET", Path: "/books", Responses: []*openapi.Response{{Status: "401"}, {Status: "403"}}}
	p := Probe{ID: "auth-missing:GET /books", CheckID: "auth-missing", Family: FamilyForbidden, Op: op,
		Request: Request{Method: "GET", Path: "/books"}, Expect: Expectation{Statuses: []int{401, 403}}}
	const body = `{"type":"about:blank","title":"Unauthorized","status":401}`
	const body403 = `{"type":"about:blank","title":"Forbidden","status":403}`
	challenge := func(cc ...string) http.Header {
		return http.Header{"WWW-Authenticate": {`Bearer realm="x"`}, "Cache-Control": cc}
	}
	runJudgeCases(t, newTestJudge(t, SchemaAuto), p, []judgeCase{
		{name: "401 no-store", status: 401, header: challenge("no-store"), body: body},
		{name: "401 private with max-age", status: 401, header: challenge("private, max-age=0"), body: body},
		{name: "401 no-store in a second field", status: 401, header: challenge("max-age=0", "No-Store"), body: body},
		{name: "403 no-store", status: 403, header: challenge("no-store"), body: body403},
		{name: "401 without Cache-Control", status: 401, header: challenge(), body: body, want: []string{RuleCacheControlAuth}},
		{name: "403 cacheable", status: 403, header: challenge("public, max-age=60"), body: body403, want: []string{RuleCacheControlAuth}},
		{name: "no-cache is not enough", status: 401, header: challenge("no-cache"), body: body, want: []string{RuleCacheControlAuth}},
	})
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	op := &openapi.Operation{Method: "GET", Path: "/books", Responses: []*openapi.Response{{Status: "400"}, {Status: "429"}}}
	p := Probe{ID: "malformed-param-type:GET /books", CheckID: "malformed-param-type", Family: FamilyMalformed, Op: op,
		Request: Request{Method: "GET", Path: "/books?limit=x"}, Expect: Expectation{Statuses: []int{400, 429}}}
	const body = `{"type":"about:blank","title":"Too Many Requests","status":429}`
	const body503 = `{"type":"about:blank","title":"Service Unavailable","status":503}`
	ra := func(v string) http.Header { return http.Header{"Retry-After": {v}} }
	runJudgeCases(t, newTestJudge(t, SchemaAuto), p, []judgeCase{
		{name: "delta-seconds", status: 429, header: ra("120"), body: body},
		{name: "IMF-fixdate", status: 429, header: ra("Wed, 21 Oct 2015 07:28:00 GMT"), body: body},
		{name: "obsolete RFC 850 date", status: 429, header: ra("Wednesday, 21-Oct-15 07:28:00 GMT"), body: body},
		{name: "missing", status: 429, body: body, want: []string{RuleRetryAfter}},
		{name: "not a number or a date", status: 429, header: ra("soon"), body: body, want: []string{RuleRetryAfter}},
		{name: "negative", status: 429, header: ra("-5"), body: body, want: []string{RuleRetryAfter}},
		{name: "fraction", status: 429, header: ra("1.5"), body: body, want: []string{RuleRetryAfter}},
		{name: "503 missing, also a server error", status: 503, body: body503, want: []string{RuleRetryAfter, RuleServerError}},
		{name: "503 with a valid value", status: 503, header: ra("30"), body: body503, want: []string{RuleServerError}},
	})
}
