package audit

import (
	"bytes"
	"hash/maphash"
	"net/http"
	"sort"

	"github.com/errprobe/errprobe/checks"
)

// compactPlan makes probes that send the same headers share one header map,
// and probes that send the same body share one body: a long plan repeats a
// few of each (Accept and Content-Type per operation, one 4 KiB
// deep-nesting document per operation with a JSON body), and until a probe
// is sent its request is the bulk of the run's memory. Requests are never
// modified once planned (the engine copies headers into each request).
func compactPlan(probes []checks.Probe) {
	seed := maphash.MakeSeed()
	headers := map[uint64]http.Header{}
	bodies := map[uint64][]byte{}
	var key []byte
	var names []string
	for i := range probes {
		r := &probes[i].Request
		if len(r.Header) > 0 {
			key, names = headerKey(key[:0], names[:0], r.Header)
			k := maphash.Bytes(seed, key)
			if h, ok := headers[k]; !ok {
				headers[k] = r.Header
			} else if sameHeader(h, r.Header) {
				r.Header = h
			}
		}
		if len(r.Body) > 0 {
			k := maphash.Bytes(seed, r.Body)
			if b, ok := bodies[k]; !ok {
				bodies[k] = r.Body
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
