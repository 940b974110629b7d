// Package testapi is a fake API for errprobe's tests: the small Library API
// described by testdata/openapi.yaml, served either the way a careful API
// answers every probe (Compliant) or with exactly one realistic defect (the
// other modes). It records every request it receives, so tests can check
// what errprobe sent as well as what it concluded.
package testapi

import (
	"bytes"
	_ "embed"
	"io"
	"net/http"
	"net/url"
	"sync"
)

// AdminToken is the bearer token of an identity allowed everything.
const AdminToken = "testapi-admin-secret-5b1e"

// ReaderToken is the bearer token of an identity that may only read.
const ReaderToken = "testapi-reader-secret-9c4d"

// maxBody caps how much of a request body the fake reads and records.
const maxBody = 1 << 20

//go:embed testdata/openapi.yaml
var spec []byte

// Spec returns the OpenAPI 3.0.3 description of the API (YAML).
func Spec() []byte { return bytes.Clone(spec) }

// Options select the API's behaviour.
type Options struct {
	// Mode is Compliant or one defect.
	Mode Mode
	// RedirectTo, when set, makes the API answer every request with a 302
	// to RedirectTo followed by the request's path and query, whatever the
	// mode. Tests use it to prove errprobe never follows redirects.
	RedirectTo string
}

// Recorded is one request as the API received it.
type Recorded struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte
}

// API is the fake API. It implements http.Handler and is safe for
// concurrent use. It keeps no state between requests apart from the
// record: every book ID of 1 or more exists, and deleting one changes
// nothing, so answers do not depend on probe order.
type API struct {
	opts Options

	mu   sync.Mutex
	reqs []Recorded
}

// New returns an API that behaves as opts say.
func New(opts Options) *API { return &API{opts: opts} }

// Requests returns a copy of every request received so far, in arrival order.
func (a *API) Requests() []Recorded {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]Recorded, len(a.reqs))
	for i, r := range a.reqs {
		r.Query = cloneValues(r.Query)
		r.Header = r.Header.Clone()
		r.Body = bytes.Clone(r.Body)
		out[i] = r
	}
	return out
}

// Count returns how many requests the API has received.
func (a *API) Count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.reqs)
}

// ServeHTTP records the request and answers it.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		body = nil // a client that went away gets whatever answer follows
	}
	a.record(r, body)
	if a.opts.RedirectTo != "" {
		w.Header().Set("Location", a.opts.RedirectTo+r.URL.RequestURI())
		w.WriteHeader(http.StatusFound)
		return
	}
	c := &call{w: w, r: r, body: body, mode: a.opts.Mode}
	route(c)
}

func (a *API) record(r *http.Request, body []byte) {
	rec := Recorded{
		Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(),
		Header: r.Header.Clone(), Body: body,
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.reqs = append(a.reqs, rec)
}

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
