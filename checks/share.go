package checks

import (
	"bytes"
	"hash/maphash"
	"net/http"
	"sort"
	"sync"
)

// sharer makes probes that send the same headers share one header map, and
// probes that send the same body share one body: a long plan repeats a few
// of each (Accept and Content-Type per operation, one 4 KiB deep-nesting
// document per operation with a JSON body), and until a probe is sent its
// request is the bulk of a run's memory. generate shares each check's
// probes as soon as they are made, so the duplicates of one check are all
// that is ever held at once. Requests are never modified once planned (the
// engine copies headers into each request it sends).
type sharer struct {
	seed    maphash.Seed
	mu      sync.Mutex
	headers map[uint64]http.Header
	bodies  map[uint64][]byte
}

func newSharer() *sharer {
	return &sharer{seed: maphash.MakeSeed(), headers: map[uint64]http.Header{}, bodies: map[uint64][]byte{}}
}

// share replaces each probe's headers and body with the table's copy of
// an equal one, adding those it has not seen.
func (s *sharer) share(probes []Probe) {
	var key []byte
	var names []string
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range probes {
		r := &probes[i].Request
		if len(r.Header) > 0 {
			key, names = headerKey(key[:0], names[:0], r.Header)
			k := maphash.Bytes(s.seed, key)
			if h, ok := s.headers[k]; !ok {
				s.headers[k] = r.Header
			} else if sameHeader(h, r.Header) {
				r.Header = h
			}
		}
		if len(r.Body) > 0 {
			k := maphash.Bytes(s.seed, r.Body)
			if b, ok := s.bodies[k]; !ok {
				s.bodies[k] = r.Body
			} else if bytes.Equal(b, r.Body) {
				r.Body = b
			}
		}
	}
}

// headerKey serialises a header in name order, NUL-separated.
func headerKey(key []byte, names []string, h http.Header) ([]byte, []string) {
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		key = append(append(key, k...), 0)
		for _, v := range h[k] {
			key = append(append(key, v...), 0)
		}
		key = append(key, 1)
	}
	return key, names
}

func sameHeader(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, av := range a {
		bv, ok := b[k]
		if !ok || len(av) != len(bv) {
			return false
		}
		for i := range av {
			if av[i] != bv[i] {
				return false
			}
		}
	}
	return true
}
