package report

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/redact"
)

// A long run keeps one Result per probe until its reports are written, so a
// built result keeps the record of its request (method, URL, headers as
// sent with credentials masked, body, identity) and writes from it, when a
// report shows them, what it would otherwise hold once per probe: the curl
// line (≈ 500 bytes, CurlLine) and the request ID header (SentHeaders). The
// request ID is the only header that differs between most probes, so the
// rest is one map shared by every result that sent the same headers.

// curlWriter writes curl lines and header sets from records: the run's
// credential placeholders of one identity, the request ID header and the
// redactor. One is shared by every result of that identity.
type curlWriter struct {
	creds     []Credential
	requestID string // header name
	red       *redact.Redactor
}

// writerTable hands out one curlWriter per identity.
type writerTable struct {
	mu sync.Mutex
	m  map[string]*curlWriter
}

func (t *writerTable) get(b *Builder, identity string) *curlWriter {
	t.mu.Lock()
	defer t.mu.Unlock()
	if w, ok := t.m[identity]; ok {
		return w
	}
	if t.m == nil {
		t.m = map[string]*curlWriter{}
	}
	w := &curlWriter{creds: b.Credentials[identity], requestID: b.RequestIDHeader, red: b.Redactor}
	t.m[identity] = w
	return w
}

// sent is the record's request with the request ID header added.
func (w *curlWriter) sent(r Result) Request {
	q := r.Request
	q.Headers = make(map[string]string, len(r.Request.Headers)+1)
	maps.Copy(q.Headers, r.Request.Headers)
	putMasked(q.Headers, w.requestID, []string{r.RequestID}, w.red.Exact)
	return q
}

// line writes the curl line of a request as sent; it equals the line
// written from the probe itself (tested).
func (w *curlWriter) line(q Request) string {
	hs := make([]curlHeader, 0, len(q.Headers))
	for _, k := range slices.Sorted(maps.Keys(q.Headers)) {
		if !slices.ContainsFunc(w.creds, func(c Credential) bool { return http.CanonicalHeaderKey(c.Header) == k }) {
			hs = append(hs, curlHeader{k, []string{q.Headers[k]}})
		}
	}
	return writeCurl(w.red, q.Method, q.URL, hs, w.creds, q.Body != "", q.Body)
}

// CurlLine returns the shell-safe curl command that repeats the probe:
// Curl when the result carries it (read from a JSON report, or a request
// a report cannot keep exactly as sent), else written now from the record.
func (r Result) CurlLine() string {
	if r.Curl != "" || r.writer == nil {
		return r.Curl
	}
	return r.writer.line(r.writer.sent(r))
}

// SentHeaders returns the request's headers as sent, credentials masked,
// the request ID header among them: Request.Headers of a built result
// leaves it out, so that results which sent the same headers share a map.
func (r Result) SentHeaders() map[string]string {
	if r.writer == nil {
		return r.Request.Headers
	}
	return r.writer.sent(r).Headers
}

// plainResult is Result without its methods, for encoding.
type plainResult Result

// plain is the result as the JSON report carries it: every member written.
func (r Result) plain() plainResult {
	if w := r.writer; w != nil {
		r.writer = nil
		r.Request = w.sent(r)
		if r.Curl == "" {
			r.Curl = w.line(r.Request)
		}
	}
	return plainResult(r)
}

// MarshalJSON encodes every member of the result, so a run encoded by any
// path (not only the JSON reporter) carries the curl line and request ID.
func (r Result) MarshalJSON() ([]byte, error) {
	return json.Marshal(r.plain())
}

// sentSet is the report's form of one header set sent by one identity: the
// flattened, masked map without the request ID (shared by every result that
// sent it, never written) and whether every header was kept exactly as
// sent (one value, a canonical name, nothing masked or cut, valid UTF-8),
// which with bodyKept means the curl line can be written from the record.
// Otherwise it is written at once from the probe.
type sentSet struct {
	headers map[string]string
	kept    bool
}

// sentSets caches sentSet by content: the identity and the probe's own
// headers (the run's are the same for every probe). Most probes of a run
// send one of a few header sets.
type sentSets struct {
	mu sync.Mutex
	m  map[string]*sentSet
}

// appendSentKey appends the cache key of a request's header set to buf:
// its identity and headers, names sorted, each string length-prefixed
// ("5:Accept") and each value list count-prefixed ("1*"), so that no two
// sets share a key.
func appendSentKey(buf []byte, req checks.Request) []byte {
	part := func(s string) {
		buf = strconv.AppendInt(buf, int64(len(s)), 10)
		buf = append(buf, ':')
		buf = append(buf, s...)
	}
	part(req.Identity)
	var names [8]string
	sorted := names[:0]
	for k := range req.Header {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)
	for _, k := range sorted {
		vs := req.Header[k]
		part(k)
		buf = strconv.AppendInt(buf, int64(len(vs)), 10)
		buf = append(buf, '*')
		for _, v := range vs {
			part(v)
		}
	}
	return buf
}

func (b *Builder) sentSet(r checks.Result) *sentSet {
	req := r.Probe.Request
	var scratch [256]byte
	key := appendSentKey(scratch[:0], req)
	t := &b.sent
	t.mu.Lock()
	s, ok := t.m[string(key)] // no copy of key for the lookup
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
	s = &sentSet{headers: b.reqMaps.share(b.sentHeaders(r)), kept: one(b.Headers) && one(req.Header)}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]*sentSet{}
	}
	if len(t.m) < maxSharedMaps {
		t.m[string(key)] = s
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
