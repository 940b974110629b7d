package report

import (
	"hash/maphash"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// PassingHeaders are the response headers a passing result keeps: those
// the rules and the report readers use. Failing, erroring and skipped
// results keep every header. Names are canonical.
var PassingHeaders = []string{
	"Content-Type", "Allow", "Www-Authenticate", "Retry-After", "Location",
	"Cache-Control", "X-Content-Type-Options", "Server", "X-Powered-By",
	"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
}

// maxSharedMaps bounds the table of shared header maps: a run whose
// header sets never repeat stops adding to it.
const maxSharedMaps = 4096

// headerMaps shares identical flattened header maps across results: most
// passing results of a run carry the same compact headers, most others
// the same whole ones but for the Date, and a Go map costs ~300 bytes
// whatever it holds. The table is keyed by a hash of the set, checked
// against the set found, so it holds no copy of the headers' text. Shared
// maps are never modified.
type headerMaps struct {
	mu sync.Mutex
	m  map[uint64]map[string]string
}

// headerSeed seeds the hashes of the shared header sets.
var headerSeed = maphash.MakeSeed()

// share returns the table's copy of h, adding h when it is new.
func (t *headerMaps) share(h map[string]string) map[string]string {
	var mh maphash.Hash
	mh.SetSeed(headerSeed)
	for _, k := range slices.Sorted(maps.Keys(h)) {
		mh.WriteString(k)
		mh.WriteByte(0)
		mh.WriteString(h[k])
		mh.WriteByte(0)
	}
	key := mh.Sum64()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[uint64]map[string]string{}
	}
	if s, ok := t.m[key]; ok {
		if maps.Equal(s, h) {
			return s
		}
		return h // another set with the same hash: not shared
	}
	if len(t.m) < maxSharedMaps {
		t.m[key] = h
	}
	return h
}

// passingHeaders is the compact header set of a passing result.
func (b *Builder) passingHeaders(h http.Header) map[string]string {
	out := make(map[string]string, min(len(h), 4))
	for k, vs := range h {
		if k = http.CanonicalHeaderKey(k); slices.Contains(PassingHeaders, k) {
			out[intern(k)] = intern(text(b.Redactor.String(strings.Join(vs, ", ")), MaxReportBody))
		}
	}
	return b.maps.share(out)
}
