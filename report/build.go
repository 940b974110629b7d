package report

import (
	"maps"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
	"unique"

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
// as sent and masks credentials; the curl line is written from that record
// when a report shows it (see record.go).
type Builder struct {
	Base            *url.URL
	Headers         http.Header // sent with every probe
	RequestIDHeader string
	Credentials     map[string][]Credential // by identity
	Redactor        *redact.Redactor
	// CredentialQuery names the query parameters that carry an identity's
	// credentials (API keys); they are shown masked in URLs.
	CredentialQuery map[string][]string
	// Threshold is the run's --fail-on: a result's outcome decides how
	// much of its response the report keeps (Run.Finish settles it).
	Threshold checks.Threshold

	maps    headerMaps  // compact response header sets shared across results
	reqMaps headerMaps  // request header sets (without the request ID) shared across results
	writers writerTable // see record.go
	sent    sentSets    // see record.go
}

// settle sets the outcome of a judged result from its violations and the
// threshold; skipped and errored results keep theirs.
func (res *Result) settle(t checks.Threshold) {
	if res.Outcome != OutcomePass && res.Outcome != OutcomeFail {
		return
	}
	res.Outcome = OutcomePass
	for _, v := range res.Violations {
		if sev, err := checks.ParseSeverity(v.Severity); err == nil && t.Fails(sev, v.Baseline == BaselineAccepted) {
			res.Outcome = OutcomeFail
			return
		}
	}
}

// Result converts one engine result.
func (b *Builder) Result(r checks.Result) Result {
	p := r.Probe
	red := b.Redactor.String
	out := Result{
		ID: p.ID, Check: p.CheckID, Family: string(p.Family), Description: b.Redactor.Exact(p.Description),
		Operation: Operation{Method: p.Op.Method, Path: p.Op.Path, OperationID: p.Op.OperationID, Line: p.Op.Line},
		RequestID: r.RequestID, Expected: p.Expect.Statuses, Violations: []Violation{},
	}
	if out.Expected == nil {
		out.Expected = []int{} // a control expects nothing in particular
	}
	req := r.Probe.Request
	sentURL := b.Redactor.Exact(b.sentURL(req))
	sent := b.sentSet(r)
	out.Request = Request{Method: req.Method, URL: sentURL, Headers: sent.headers, Body: b.sentBodyText(req.Body)}
	if sent.kept && bodyKept(b, req.Body) {
		// The request ID and curl line are written from the record.
		out.writer = b.writers.get(b, req.Identity)
	} else {
		out.Request.Headers = maps.Clone(sent.headers) // sent.headers is shared
		if out.Request.Headers == nil {
			out.Request.Headers = map[string]string{}
		}
		b.putSent(out.Request.Headers, b.RequestIDHeader, []string{r.RequestID})
		out.Curl = b.curl(r, sentURL)
	}
	for _, v := range r.Violations {
		out.Violations = append(out.Violations, Violation{Rule: v.Rule, Severity: v.Severity.String(), Message: red(v.Message), Pointer: v.Pointer})
	}
	switch {
	case r.Skipped:
		out.Outcome, out.Reason = OutcomeSkip, intern(red(r.Reason)) // one copy of each: whole phases are skipped alike
	case r.Err != nil:
		out.Outcome, out.Error = OutcomeError, red(r.Err.Error())
	default:
		out.Outcome = OutcomePass
		out.settle(b.Threshold)
	}
	if r.Response != nil {
		out.Response = b.response(r.Response, out.Outcome == OutcomePass)
	}
	return out
}

// sentHeaders lists the headers a probe carries, flattened as reports keep
// them, credentials masked: the run's headers, the probe's (which win). The
// request ID is added by the caller.
func (b *Builder) sentHeaders(r checks.Result) map[string]string {
	req := r.Probe.Request
	out := make(map[string]string, len(b.Headers)+len(req.Header)+1)
	for k, vs := range b.Headers {
		if _, over := req.Header[k]; !over {
			b.putSent(out, k, vs)
		}
	}
	for k, vs := range req.Header {
		b.putSent(out, k, vs)
	}
	for _, c := range b.Credentials[req.Identity] {
		b.putSent(out, c.Header, []string{redact.Mask})
	}
	delete(out, http.CanonicalHeaderKey(b.RequestIDHeader))
	return out
}

// response converts a response; a passing one keeps only PassingHeaders.
func (b *Builder) response(resp *checks.Response, passing bool) *Response {
	headers := b.passingHeaders
	if !passing {
		headers = b.flatten
	}
	return &Response{
		Status:        resp.Status,
		Headers:       headers(resp.Header),
		Body:          b.bodyText(resp.Body),
		BodyBytes:     len(resp.Body),
		BodyTruncated: resp.Truncated || len(resp.Body) > MaxReportBody,
		DurationMs:    ms(resp.Duration.Seconds()),
	}
}

// flatten is every header of a response, flattened, in a map shared with
// the results whose answer had the same headers (a long run's failing and
// skipped results mostly differ in nothing but the Date).
func (b *Builder) flatten(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		b.put(out, k, vs)
	}
	return b.maps.share(out)
}

// put adds one response header to a flattened map: canonical name, values
// joined, redacted, cut, interned.
func (b *Builder) put(out map[string]string, k string, vs []string) {
	putMasked(out, k, vs, b.Redactor.String)
}

// putSent is put for a header errprobe sent: only whole credentials are
// masked there (redact.Redactor.Exact), so errprobe's own words that
// happen to be eight characters of a secret stay readable.
func (b *Builder) putSent(out map[string]string, k string, vs []string) {
	putMasked(out, k, vs, b.Redactor.Exact)
}

func putMasked(out map[string]string, k string, vs []string, mask func(string) string) {
	out[intern(http.CanonicalHeaderKey(k))] = intern(text(mask(strings.Join(vs, ", ")), MaxReportBody))
}

// redactWindow is how much of a body is redacted before it is cut to
// MaxReportBody: far more than the cut plus the longest credential, and
// a 1 MiB body is not copied whole for a 4 KiB excerpt.
const redactWindow = 64 << 10

// bodyText is a response body as reports keep it: redacted, cut, valid
// UTF-8. Bodies are interned: many probes get the same answer.
func (b *Builder) bodyText(body []byte) string { return maskedText(body, b.Redactor.String) }

// sentBodyText is bodyText for the body errprobe sent (see putSent).
func (b *Builder) sentBodyText(body []byte) string { return maskedText(body, b.Redactor.Exact) }

func maskedText(body []byte, mask func(string) string) string {
	return intern(text(mask(string(body[:min(len(body), redactWindow)])), MaxReportBody))
}

// intern returns one shared copy of a string that recurs across results
// (header names and values, error bodies), so a long run keeps one of each.
func intern(s string) string {
	if len(s) > MaxReportBody {
		return s
	}
	return unique.Make(s).Value()
}

// text makes a string safe for every report: valid UTF-8, cut at max bytes
// on a rune boundary. A cut string is copied, so it does not keep the
// longer one alive.
func text(s string, max int) string {
	if len(s) > max {
		s = strings.Clone(s[:max]) // a rune cut in two becomes U+FFFD below
	}
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

func ms(seconds float64) float64 {
	return float64(int64(seconds*1e6)) / 1e3
}

// sentURL is the probe's URL as sent, with credential query parameters
// added (masked): the engine adds them below the probe.
func (b *Builder) sentURL(req checks.Request) string {
	u := req.URL(b.Base)
	names := b.CredentialQuery[req.Identity]
	if name, ok := strings.CutPrefix(req.Identity, checks.IdentityInQueryPrefix); ok {
		names = []string{name}
	}
	for _, n := range names {
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		u += sep + url.QueryEscape(n) + "=" + redact.Mask
	}
	return u
}

// AddViolations appends violations found after the result was built (the
// run-level rules) to res, masking credentials in their messages; Run.Finish
// settles the outcome.
func (b *Builder) AddViolations(res *Result, vs []checks.Violation) {
	for _, v := range vs {
		res.Violations = append(res.Violations, Violation{Rule: v.Rule, Severity: v.Severity.String(), Message: b.Redactor.String(v.Message), Pointer: v.Pointer})
	}
}
