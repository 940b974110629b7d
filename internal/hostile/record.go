// Package hostile is a test target that misbehaves on purpose: endless and
// lying bodies, compression bombs, trickles and silences, resets, huge
// headers, garbage bodies, redirects and rate limits. Every handler is a
// plain http.Handler for httptest; Recorder measures what the target saw.
package hostile

import (
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
	defer func() {
		rec.mu.Lock()
		rec.inFlight--
		rec.mu.Unlock()
	}()
	if rec.Next == nil {
		http.NotFound(w, r)
		return
	}
	rec.Next.ServeHTTP(w, r)
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
