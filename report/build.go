package report

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/redact"
)

// MaxReportBody is how much of a response body a report keeps.
const MaxReportBody = 4 << 10

// Credential is one credential header of an identity and the environment
// variable that stands for it in curl reproductions.
type Credential struct {
	Header string // header name
	EnvVar string // holds the whole "Header: value" line
}

// Builder turns engine results into report results: it rebuilds the request
// as sent, masks credentials and writes the curl line.
type Builder struct {
	Base            *url.URL
	Headers         http.Header // sent with every probe
	RequestIDHeader string
	Credentials     map[string][]Credential // by identity
	Redactor        *redact.Redactor
	// Judge, when set, applies the run's skips and severity overrides to
	// the violations the builder finds itself (credential-echo).
	Judge *checks.Judge
	// FailOn is the run's threshold: a probe fails when it has a violation
	// at or above it; lower ones are reported on a passing probe.
	FailOn string
}

// failing reports whether any violation reaches the threshold ("never"
// and unknown values mean error).
func failing(vs []Violation, failOn string) bool {
	min, err := checks.ParseSeverity(failOn)
	if err != nil {
		min = checks.SeverityError
	}
	for _, v := range vs {
		if s, err := checks.ParseSeverity(v.Severity); err == nil && s >= min {
			return true
		}
	}
	return false
}

// Result converts one engine result.
func (b *Builder) Result(r checks.Result) Result {
	p := r.Probe
	red := b.Redactor.String
	out := Result{
		ID: p.ID, Check: p.CheckID, Family: string(p.Family), Description: red(p.Description),
		Operation: Operation{Method: p.Op.Method, Path: p.Op.Path, OperationID: p.Op.OperationID, Line: p.Op.Line},
		RequestID: r.RequestID, Expected: p.Expect.Statuses, Violations: []Violation{},
	}
	out.Request = b.request(r)
	out.Curl = b.curl(r)
	if r.Response != nil {
		out.Response = b.response(r.Response)
	}
	for _, v := range slices.Concat(r.Violations, b.echo(r)) {
		out.Violations = append(out.Violations, Violation{Rule: v.Rule, Severity: v.Severity.String(), Message: red(v.Message), Pointer: v.Pointer})
	}
	switch {
	case r.Skipped:
		out.Outcome = OutcomeSkip
	case r.Err != nil:
		out.Outcome, out.Error = OutcomeError, red(r.Err.Error())
	case failing(out.Violations, b.FailOn):
		out.Outcome = OutcomeFail
	default:
		out.Outcome = OutcomePass
	}
	return out
}

// sentHeaders lists the headers a probe carries, credentials masked.
func (b *Builder) sentHeaders(r checks.Result) http.Header {
	h := http.Header{}
	for k, vs := range b.Headers {
		h[k] = vs
	}
	for k, vs := range r.Probe.Request.Header {
		h[k] = vs
	}
	for _, c := range b.Credentials[r.Probe.Request.Identity] {
		h.Set(c.Header, redact.Mask)
	}
	h.Set(b.RequestIDHeader, r.RequestID)
	return h
}

func (b *Builder) request(r checks.Result) Request {
	return Request{
		Method:  r.Probe.Request.Method,
		URL:     b.Redactor.String(r.Probe.Request.URL(b.Base)),
		Headers: b.flatten(b.sentHeaders(r)),
		Body:    text([]byte(b.Redactor.String(string(r.Probe.Request.Body))), MaxReportBody),
	}
}

func (b *Builder) response(resp *checks.Response) *Response {
	return &Response{
		Status:        resp.Status,
		Headers:       b.flatten(resp.Header),
		Body:          text([]byte(b.Redactor.String(string(resp.Body))), MaxReportBody),
		BodyBytes:     len(resp.Body),
		BodyTruncated: resp.Truncated || len(resp.Body) > MaxReportBody,
		DurationMs:    ms(resp.Duration.Seconds()),
	}
}

func (b *Builder) flatten(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		out[http.CanonicalHeaderKey(k)] = text([]byte(b.Redactor.String(strings.Join(vs, ", "))), MaxReportBody)
	}
	return out
}

// text makes bytes safe for every report: valid UTF-8, cut at max bytes on
// a rune boundary.
func text(b []byte, max int) string {
	if len(b) > max {
		b = b[:max] // a rune cut in two becomes U+FFFD below
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

func ms(seconds float64) float64 {
	return float64(int64(seconds*1e6)) / 1e3
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
