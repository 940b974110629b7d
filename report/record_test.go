package report

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/internal/redact"
)

const recordSecret = "canary-secret-value-123"

func recordBuilder() *Builder {
	base, _ := url.Parse("http://api.test/v1")
	return &Builder{
		Base: base, RequestIDHeader: "X-Request-Id", Redactor: redact.New("Bearer " + recordSecret),
		Headers: http.Header{"User-Agent": {"errprobe/test"}, "Accept": {"application/json"}},
		Credentials: map[string][]Credential{
			checks.IdentityAuthorized: {{Header: "Authorization", EnvVar: "ERRPROBE_AUTH"}},
			checks.IdentityLow:        {{Header: "x-api-key", EnvVar: "ERRPROBE_LOW_AUTH"}},
		},
	}
}

// eager is the result as written from the probe itself: the request ID
// inside the request's header map and the curl line.
func eager(b *Builder, r checks.Result) (map[string]string, string) {
	h := b.sentHeaders(r)
	b.put(h, b.RequestIDHeader, []string{r.RequestID})
	return h, b.curl(r, b.Redactor.String(b.sentURL(r.Probe.Request)))
}

// checkRecord fails when the curl line and headers a built result writes
// from its record are not exactly those written from the probe, or when
// the record is used where wantRecord says it is not.
func checkRecord(t *testing.T, b *Builder, res checks.Result, wantRecord bool) {
	t.Helper()
	built := b.Result(res)
	if (built.writer != nil) != wantRecord {
		t.Errorf("written from the record = %v, want %v", built.writer != nil, wantRecord)
	}
	if wantRecord && built.Curl != "" {
		t.Errorf("a result written from its record holds its curl line: %s", built.Curl)
	}
	h, curl := eager(b, res)
	if got := built.CurlLine(); got != curl {
		t.Errorf("curl line differs:\nrecord: %s\nprobe:  %s", got, curl)
	}
	if got := built.SentHeaders(); !maps.Equal(got, h) {
		t.Errorf("request headers differ:\nrecord: %v\nprobe:  %v", got, h)
	}
	// Any JSON encoding of a built result carries every member.
	a, err := json.Marshal(built)
	if err != nil {
		t.Fatal(err)
	}
	want := built
	want.writer, want.Request.Headers, want.Curl = nil, h, curl
	e, err := json.Marshal(plainResult(want))
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(e) {
		t.Errorf("JSON of the built result differs from the one written from the probe:\n%s\n%s", a, e)
	}
}

func TestRecordCurlEqualsProbeCurl(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", MaxReportBody+1)
	tests := []struct {
		name     string
		identity string
		header   http.Header
		body     []byte
		record   bool
	}{
		{"plain GET", "", nil, nil, true},
		{"JSON body", "", http.Header{"Content-Type": {"application/json"}}, []byte(`{"name": 1}`), true},
		{"body without content type", "", nil, []byte(`{"a":"it's $(id)"}`), true},
		{"empty content type", "", http.Header{"Content-Type": {""}}, []byte(`x`), true},
		{"authorised identity", checks.IdentityAuthorized, http.Header{"Content-Type": {"application/json"}}, []byte(`{}`), true},
		{"low identity, lower-case credential header", checks.IdentityLow, nil, nil, true},
		{"probe overrides a run header", "", http.Header{"Accept": {"text/x-nothing"}}, nil, true},
		{"probe sets the credential header", checks.IdentityAuthorized, http.Header{"Authorization": {"Bearer bad"}}, nil, true},
		{"probe sets the request ID header", "", http.Header{"X-Request-Id": {"mine"}}, nil, true},
		{"quotes and NUL in a header", "", http.Header{"X-Note": {"'$(touch x)`\x00"}}, nil, true},
		{"multi-valued header", "", http.Header{"X-Many": {"a", "b"}}, nil, false},
		{"non-canonical header name", "", http.Header{"x-lower": {"v"}}, nil, false},
		{"secret in a header", "", http.Header{"X-Echo": {"Bearer " + recordSecret}}, nil, false},
		{"secret in the body", "", nil, []byte(`{"t":"` + recordSecret + `"}`), false},
		{"invalid UTF-8 body", "", nil, []byte{'"', 0xff, '"'}, false},
		{"body over the report cut", "", nil, []byte(long), false},
		{"header value over the cut", "", http.Header{"X-Long": {long}}, nil, false},
		{"empty body", "", nil, []byte{}, false},
		{"credential in the query", checks.IdentityInQueryPrefix + "api_key", nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := checks.Probe{ID: "p", CheckID: "c", Op: &openapi.Operation{Method: "POST", Path: "/pets"},
				Request: checks.Request{Method: "POST", Path: "/pets?q=1", Header: tt.header, Body: tt.body, Identity: tt.identity}}
			checkRecord(t, recordBuilder(), checks.Result{Probe: p, RequestID: "errprobe-00000000000000aa"}, tt.record)
		})
	}
}

// TestRecordSharesHeaders: results that sent the same headers share one
// map, also when their probes' header maps are different maps, and writing
// one result's headers never changes another.
func TestRecordSharesHeaders(t *testing.T) {
	t.Parallel()
	b := recordBuilder()
	p := checks.Probe{ID: "p", CheckID: "c", Op: &openapi.Operation{Method: "GET", Path: "/pets"},
		Request: checks.Request{Method: "GET", Path: "/pets"}}
	p.Request.Header = http.Header{"Content-Type": {"application/json"}}
	q := p
	q.Request.Header = maps.Clone(p.Request.Header)
	r1 := b.Result(checks.Result{Probe: p, RequestID: "id-1"})
	r2 := b.Result(checks.Result{Probe: q, RequestID: "id-2"})
	h1, h2 := r1.Request.Headers, r2.Request.Headers
	if len(h1) == 0 || !maps.Equal(h1, h2) {
		t.Fatalf("headers %v and %v", h1, h2)
	}
	h1["X-Probe"] = "shared?"
	if h2["X-Probe"] != "shared?" {
		t.Error("identical request header sets are not shared")
	}
	delete(h1, "X-Probe")
	if f1, f2 := r1.SentHeaders(), r2.SentHeaders(); f1["X-Request-Id"] != "id-1" || f2["X-Request-Id"] != "id-2" {
		t.Errorf("request IDs %q, %q", f1["X-Request-Id"], f2["X-Request-Id"])
	}
	r1.CurlLine()
	if _, ok := h1["X-Request-Id"]; ok {
		t.Error("writing a result's headers changed the shared map")
	}
}

// TestRecordReportsEqualRoundTrip renders a built run (results whose curl
// line and request ID header are written from the record) in every format
// with every verbosity and requires the bytes of the same run read back
// from its JSON report, whose results carry both: no reporter may miss one.
func TestRecordReportsEqualRoundTrip(t *testing.T) {
	t.Parallel()
	b := recordBuilder()
	run := &Run{SchemaVersion: SchemaVersion, FailOn: "error", Complete: true, Methods: []string{"GET", "POST"}}
	op := &openapi.Operation{Method: "POST", Path: "/pets"}
	for i, tc := range []struct {
		identity string
		header   http.Header
		body     []byte
		status   int
	}{
		{"", http.Header{"Content-Type": {"application/json"}}, []byte(`{"a":1}`), 500},
		{checks.IdentityAuthorized, nil, nil, 200},
		{"", http.Header{"X-Many": {"a", "b"}}, []byte("x"), 404},
		{checks.IdentityLow, nil, []byte(`{}`), 400},
	} {
		p := checks.Probe{ID: fmt.Sprint("p", i), CheckID: "c", Family: checks.FamilyMalformed, Op: op,
			Request: checks.Request{Method: "POST", Path: "/pets", Header: tc.header, Body: tc.body, Identity: tc.identity}}
		res := checks.Result{Probe: p, RequestID: fmt.Sprint("errprobe-", i), Response: &checks.Response{
			Status: tc.status, Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte("no")}}
		if tc.status >= 300 && tc.status != 400 {
			res.Violations = []checks.Violation{{Rule: "status-expected", Severity: checks.SeverityError, Message: "wrong status"}}
		}
		run.Results = append(run.Results, b.Result(res))
	}
	run.Finish()
	data, err := json.Marshal(run)
	if err != nil {
		t.Fatal(err)
	}
	var back Run
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	recorded := 0
	for _, r := range run.Results {
		if r.writer != nil {
			recorded++
		}
	}
	if recorded == 0 || recorded == len(run.Results) {
		t.Fatalf("%d of %d results written from the record; the test needs both kinds", recorded, len(run.Results))
	}
	for _, f := range Formats() {
		for _, verbosity := range []int{-1, 0, 1} {
			o := Options{Verbosity: verbosity}
			var got, want strings.Builder
			r1, _ := New(f, o)
			r2, _ := New(f, o)
			if err := r1.Report(&got, run); err != nil {
				t.Fatal(err)
			}
			if err := r2.Report(&want, &back); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("%s (verbosity %d) differs between the built run and its JSON round trip:\n%s\n----\n%s", f, verbosity, got.String(), want.String())
			}
		}
	}
}
