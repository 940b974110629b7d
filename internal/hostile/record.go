// Package hostile is a test target that misbehaves on purpose: endless and
// lying bodies, compression bombs, trickles and silences, resets, huge
// headers, garbage bodies, redirects and rate limits. Every handler is a
// plain http.Handler for httptest; Recorder measures what the target saw.
package hostile

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// Seen is one request as the target received it.
type Seen struct {
	Method, Host, URI string
	Header            http.Header
	At                time.Time
}

// Recorder wraps a handler and records every request, the number in
// flight at once and the peak of that number.
type Recorder struct {
	Next http.Handler

	mu       sync.Mutex
	seen     []Seen
	inFlight int
	peak     int
}

// ServeHTTP records r and passes it on.
func (rec *Recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec.mu.Lock()
	rec.seen = append(rec.seen, Seen{Method: r.Method, Host: r.Host, URI: r.RequestURI, Header: r.Header.Clone(), At: time.Now()})
	rec.inFlight++
	rec.peak = max(rec.peak, rec.inFlight)
	rec.mu.Unlock()
	hooks := &afterHooks{}
	defer func() {
		rec.mu.Lock()
		rec.inFlight--
		rec.mu.Unlock()
		hooks.run() // close hijacked connections only once no longer counted
	}()
	if rec.Next == nil {
		http.NotFound(w, r)
		return
	}
	rec.Next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), afterKey{}, hooks)))
}

// afterHooks run once the Recorder has stopped counting a request: a
// hijacked connection closed inside the handler would let the client
// retry while the request still counted as in flight.
type afterHooks struct{ fns []func() }

type afterKey struct{}

func (h *afterHooks) run() {
	for _, f := range h.fns {
		f()
	}
}

// afterRequest runs f once the request is no longer in flight: after the
// Recorder's bookkeeping when there is one, else at once.
func afterRequest(r *http.Request, f func()) {
	if h, ok := r.Context().Value(afterKey{}).(*afterHooks); ok {
		h.fns = append(h.fns, f)
		return
	}
	f()
}

// Requests returns a copy of the requests seen so far.
func (rec *Recorder) Requests() []Seen {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]Seen(nil), rec.seen...)
}

// Count returns the number of requests seen.
func (rec *Recorder) Count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.seen)
}

// Peak returns the most requests that were in flight at once.
func (rec *Recorder) Peak() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.peak
}
