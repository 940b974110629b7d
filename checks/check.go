// Package checks is errprobe's domain: the probes that should make an API
// answer with an error, and the rules that judge those answers. It is pure:
// no network, no files.
package checks

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/errprobe/errprobe/internal/openapi"
)

// Family groups probes by the kind of mistake they make.
type Family string

// The four probe families.
const (
	FamilyMalformed = Family("malformed")
	FamilyMissing   = Family("missing-parameter")
	FamilyUnknown   = Family("unknown-route")
	FamilyForbidden = Family("forbidden")
)

// Families lists every family in report order.
var Families = []Family{FamilyControl, FamilyMalformed, FamilyMissing, FamilyUnknown, FamilyForbidden}

// Meta describes a check (a kind of probe) or a rule.
type Meta struct {
	ID          string
	Title       string
	Description string
	Family      Family   // checks only
	Severity    Severity // rules only; for a check, the cap of its probes' violations
	// Input marks a check whose mistake is bad input the API must
	// validate; a framework preset shifts all of their statuses at once.
	Input bool
	// Unauthenticated marks a check whose probes carry no valid
	// credential; a careful API answers all of them alike.
	Unauthenticated bool
}

// Check generates probes from the description. Implementations are pure and
// return probes in a deterministic order.
type Check interface {
	Meta() Meta
	Probes(g *Gen) []Probe
}

// Request is a probe's HTTP request as plain data.
type Request struct {
	Method string
	// Path is the request path relative to the target base, already
	// expanded and escaped, including any query string.
	Path   string
	Header http.Header
	Body   []byte
	// Identity names the credentials sent: "authorized", "low", "invalid" or "".
	Identity string
}

// URL joins the request path (with its query) to the target's base URL.
func (r Request) URL(base *url.URL) string {
	path := r.Path
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	if base == nil {
		return path
	}
	return strings.TrimRight(base.Scheme+"://"+base.Host+base.EscapedPath(), "/") + path
}

// Expectation is what a compliant API answers.
type Expectation struct {
	// Statuses are the acceptable status codes.
	Statuses []int
	// Allow is set for method-not-allowed probes: the methods the path declares.
	Allow []string
	// Cap, when set, is the highest severity this probe's violations get:
	// the standards let a server answer it either way, so a finding is
	// advice, not a broken contract.
	Cap Severity
	// AcceptedCap, when set, is the highest severity a 2xx or an
	// unexpected 4xx answer gets: the request may be valid as the server
	// reads it (a DELETE of what is already gone, a null body read as {}),
	// so that answer is advice, while a 5xx or a leak stays wrong.
	AcceptedCap Severity
	// AcceptedWhy says, for AcceptedCap, why success is allowed.
	AcceptedWhy string
	// Defaults is set when Statuses are RFC 9110's defaults: the
	// description documents none that fit and no preset or expect: entry
	// chose them. A framework recognised during the run may replace them.
	Defaults bool
	// Echoed, when set, is a made-up value whose echo in a 2xx body shows
	// the route answers any value (GET /greet/{name}): with no 404
	// documented, such a success is advice, not a broken contract.
	Echoed string
}

// Probe is one request that should fail, and how to judge the answer.
type Probe struct {
	// ID is stable across runs: "<check>:<METHOD> <path>[:<detail>]".
	ID      string
	CheckID string
	Family  Family
	// Description says in one line what the probe does.
	Description string
	// Op is the operation probed; for unknown routes, a synthetic one.
	Op      *openapi.Operation
	Request Request
	Expect  Expectation
	// Hold says why the probe is held back (not sent, see HoldBack); empty
	// for a probe that is sent.
	Hold string
}

// Response is what came back, with the body capped.
type Response struct {
	Status    int
	Header    http.Header
	Body      []byte
	Truncated bool
	// Stream is set when the body was still open when errprobe stopped
	// reading it (a watch, server-sent events): judged on what came.
	Stream   bool
	Duration time.Duration
}

// Violation is one broken rule.
type Violation struct {
	Rule     string
	Severity Severity
	Message  string
	// Pointer is the JSON pointer into the body that failed, when known.
	Pointer string
}

// Result is the outcome of one probe. Err is set when the probe could not be
// carried out (the API was not tested), which is not a violation.
type Result struct {
	Probe      Probe
	RequestID  string
	Response   *Response
	Violations []Violation
	Err        error
	// Skipped is set for probes that were planned but not sent, and for
	// sent ones whose answer shows nothing (see Controls.Adjust).
	Skipped bool
	// Reason says why a probe was skipped.
	Reason string
	// View is the run-level record the engine got while judging (see
	// Judge.JudgeView); a zero View (no shape) means "not computed" for
	// an answered error, and Judge.View computes it.
	View RunView
}
