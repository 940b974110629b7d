package report

import (
	"encoding/json"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/errprobe/errprobe/checks"
)

// A long run keeps one Result per probe until its reports are written, so
// the builder leaves out of each result what it can rebuild exactly at
// writing time: the curl line (≈ 500 bytes) and a request header map of
// its own (the request ID is the only header that differs between most
// probes, so the rest is one map shared by every result that sent the same
// headers). Full puts both back; every reporter works on full results.

// deferred is what a result needs to rebuild its deferred members: shared
// by every result of one identity.
type deferred struct {
	b        *Builder
	identity string
}

// deferredTable hands out one deferred per identity.
type deferredTable struct {
	mu sync.Mutex
	m  map[string]*deferred
}

func (t *deferredTable) get(b *Builder, identity string) *deferred {
	t.mu.Lock()
	defer t.mu.Unlock()
	if d, ok := t.m[identity]; ok {
		return d
	}
	if t.m == nil {
		t.m = map[string]*deferred{}
	}
	d := &deferred{b: b, identity: identity}
	t.m[identity] = d
	return d
}

// Full returns the result with every member a report shows filled in: its
// request headers including the request ID, and its curl line. A result
// read from a JSON report is already full.
func (r Result) Full() Result {
	d := r.deferred
	if d == nil {
		return r
	}
	r.deferred = nil
	h := make(map[string]string, len(r.Request.Headers)+1)
	maps.Copy(h, r.Request.Headers)
	d.b.putSent(h, d.b.RequestIDHeader, []string{r.RequestID})
	r.Request.Headers = h
	r.Curl = d.b.curlOf(r.Request, d.identity)
	return r
}

// plainResult is Result without its methods, for encoding.
type plainResult Result

// MarshalJSON encodes the full result, so a run encoded by any path (not
// only the JSON reporter) carries every member.
func (r Result) MarshalJSON() ([]byte, error) {
	return json.Marshal(plainResult(r.Full()))
}

// sentSet is the report's form of one planned header set sent by one
// identity: the flattened, masked map without the request ID (shared by
// every result that sent it, never written) and whether every header was
// kept exactly as sent (one value, a canonical name, nothing masked or cut,
// valid UTF-8), which with bodyKept means the curl line can be rebuilt from
// the report's copy of the request. Otherwise it is written at once from
// the probe.
type sentSet struct {
	src     http.Header // the plan's map: held, so its address is not reused while cached
	headers map[string]string
	kept    bool
}

// sentSets caches sentSet by the plan's header map and identity: the plan
// shares one map between the probes that send the same headers
// (checks/share.go), so most results find theirs here.
type sentSets struct {
	mu sync.Mutex
	m  map[sentKey]*sentSet
}

type sentKey struct {
	header   uintptr // address of the plan's header map
	identity string
}

func (b *Builder) sentSet(r checks.Result) *sentSet {
	req := r.Probe.Request
	key := sentKey{reflect.ValueOf(req.Header).Pointer(), req.Identity}
	t := &b.sent
	t.mu.Lock()
	s, ok := t.m[key]
	t.mu.Unlock()
	if ok {
		return s
	}
	one := func(h http.Header) bool {
		for k, vs := range h {
			if len(vs) != 1 || k != http.CanonicalHeaderKey(k) || !kept(b, vs[0]) {
				return false
			}
		}
		return true
	}
	s = &sentSet{src: req.Header, headers: b.reqMaps.share(b.sentHeaders(r)), kept: one(b.Headers) && one(req.Header)}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[sentKey]*sentSet{}
	}
	if len(t.m) < maxSharedMaps {
		t.m[key] = s
	}
	return s
}

// bodyKept reports whether a report keeps a request body exactly as sent
// (an empty, non-nil body is not: the report cannot tell it from none).
func bodyKept(b *Builder, body []byte) bool {
	return body == nil || len(body) > 0 && kept(b, string(body))
}

// kept reports whether a report keeps s, sent by errprobe, exactly as it is.
func kept(b *Builder, s string) bool {
	return len(s) <= MaxReportBody && utf8.ValidString(s) && !b.Redactor.ContainsExact(s)
}

// curlOf writes the curl line of a rebuildable request from the report's
// full copy of it; it equals curl's line for the same probe (tested).
func (b *Builder) curlOf(q Request, identity string) string {
	creds := b.Credentials[identity]
	hs := make([]curlHeader, 0, len(q.Headers))
	for _, k := range slices.Sorted(maps.Keys(q.Headers)) {
		if !slices.ContainsFunc(creds, func(c Credential) bool { return http.CanonicalHeaderKey(c.Header) == k }) {
			hs = append(hs, curlHeader{k, []string{q.Headers[k]}})
		}
	}
	return b.writeCurl(q.Method, q.URL, hs, creds, q.Body != "", q.Body)
}
