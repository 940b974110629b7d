package checks

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Leak is one piece of server internals found in a response body.
type Leak struct {
	Kind    string // stable short id, e.g. "python-traceback"
	What    string // human description, e.g. "Python traceback"
	Excerpt string // from the match to the end of its line; one line of valid UTF-8, at most 120 bytes
	Offset  int    // byte offset of the match in the body
}

// leakMaxExcerpt caps Leak.Excerpt so reports stay one readable line.
const leakMaxExcerpt = 120

// FindLeaks scans body for leaked internals (stack traces, debug pages, SQL
// errors, source paths) and returns them in order of Offset, at most one per
// Kind. It runs in time linear in len(body), accepts arbitrary bytes and never
// panics.
func FindLeaks(body []byte) []Leak {
	var pairs leakPairSet
	pairs.fill(body)
	var leaks []Leak
	rules := leakRules()
	for i := range rules {
		r := &rules[i]
		start, end := r.find(body, &pairs)
		if start < 0 {
			continue
		}
		leaks = append(leaks, Leak{Kind: r.kind, What: r.what, Excerpt: leakExcerpt(body, start, end), Offset: start})
	}
	// Stable, so ties keep rule order and output stays deterministic.
	slices.SortStableFunc(leaks, func(a, b Leak) int { return a.Offset - b.Offset })
	return leaks
}

// leakPattern is one regexp of a rule. The regexp runs only when the body
// contains one of tokens: token checks are far cheaper than any regexp, so
// typical clean bodies cost next to nothing.
type leakPattern struct {
	tokens [][]byte
	re     *regexp.Regexp
}

// leakRule is one leak kind. The leak offset is the start of submatch 1 when
// the regexp has one (Go regexps have no look-behind, so patterns consume a
// leading delimiter outside the group) and of the whole match otherwise.
type leakRule struct {
	kind, what string
	pats       []leakPattern
	// reject, if set, discards a match by its context.
	reject func(body []byte, start int) bool
	// scan, if set, replaces pats for rules a regexp alone cannot do cheaply.
	scan func(body []byte) (start, end int)
}

// leakMaxCandidates bounds how many matches per pattern reject may discard.
const leakMaxCandidates = 32

// find returns the span of the rule's earliest match, or -1, -1.
func (r *leakRule) find(body []byte, pairs *leakPairSet) (start, end int) {
	if r.scan != nil {
		return r.scan(body)
	}
	start, end = -1, -1
	for _, p := range r.pats {
		if !leakContainsAny(body, pairs, p.tokens) {
			continue
		}
		s, e := r.first(p.re, body)
		if s >= 0 && (start < 0 || s < start) {
			start, end = s, e
		}
	}
	return start, end
}

func (r *leakRule) first(re *regexp.Regexp, body []byte) (start, end int) {
	n := 1
	if r.reject != nil {
		n = leakMaxCandidates
	}
	for _, m := range re.FindAllSubmatchIndex(body, n) {
		s, e := m[0], m[1]
		if len(m) > 2 && m[2] >= 0 {
			s, e = m[2], m[3]
		}
		if r.reject == nil || !r.reject(body, s) {
			return s, e
		}
	}
	return -1, -1
}

func leakContainsAny(body []byte, pairs *leakPairSet, tokens [][]byte) bool {
	for _, t := range tokens {
		if pairs.mayContain(t) && bytes.Contains(body, t) {
			return true
		}
	}
	return false
}

// leakPairSet records which adjacent byte pairs occur in a body. Filling it is
// one pass; afterwards most tokens are ruled out by a few bit tests, which
// beats ~150 bytes.Contains scans on both small and 1 MiB bodies.
type leakPairSet [1 << 16 / 64]uint64

func (ps *leakPairSet) fill(b []byte) {
	for i := 1; i < len(b); i++ {
		k := uint(b[i-1])<<8 | uint(b[i])
		ps[k/64] |= 1 << (k % 64)
	}
}

// mayContain is false when t surely does not occur in the body.
func (ps *leakPairSet) mayContain(t []byte) bool {
	for i := 1; i < len(t); i++ {
		k := uint(t[i-1])<<8 | uint(t[i])
		if ps[k/64]&(1<<(k%64)) == 0 {
			return false
		}
	}
	return true
}

// leakExcerpt renders body[start:] up to the end of the match's line, capped
// at leakMaxExcerpt bytes, as one line of valid UTF-8 with whitespace runs
// and control bytes collapsed to single spaces.
func leakExcerpt(body []byte, start, end int) string {
	limit := min(len(body), start+leakMaxExcerpt)
	if end < limit {
		if i := bytes.IndexAny(body[end:limit], "\r\n"); i >= 0 {
			limit = end + i
		}
	}
	var b strings.Builder
	space := false
	for i := start; i < limit; {
		r, size := utf8.DecodeRune(body[i:limit])
		i += size
		if r < 0x20 || r == 0x7f || r == ' ' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			if b.Len()+1 > leakMaxExcerpt {
				break
			}
			b.WriteByte(' ')
		}
		space = false
		// DecodeRune reports invalid bytes as RuneError, which writes as U+FFFD.
		if b.Len()+utf8.RuneLen(r) > leakMaxExcerpt {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

var (
	// leakUnixPath matches a path at the start of its input: 2+ segments, a
	// source extension, then (group 2) an optional line-number suffix.
	leakUnixPath = regexp.MustCompile(`^(\\?/(?:[\w.@+~-]+\\?/)+[\w.@+~-]+\.` + leakSrcExt + `)\b(:\d+|` + leakQuote + `, line \d+|\(\d+\)| on line \d+|:line \d+)?`)
	leakWinPath  = regexp.MustCompile(`\b[A-Za-z]:\\{1,2}(?:[\w .()@+~$-]+\\{1,2})+[\w.()@+~$-]+\.[A-Za-z0-9]{1,8}\b`)
	leakFSRoots  = leakRootSet()
)

func leakRootSet() map[string]bool {
	set := map[string]bool{}
	for _, r := range strings.Split(strings.Trim(leakFSRoot, "(?:)"), "|") {
		set[r] = true
	}
	return set
}

// leakFindFilePath finds the first absolute source path. A regexp over the
// whole body is slow here ("/" is everywhere in JSON with URLs), so it visits
// each "/" that starts a token and only then runs the anchored leakUnixPath.
// Unix paths need a well-known root (/usr, /app, ...) or a line suffix, so
// request paths such as /static/app.js are not reported.
func leakFindFilePath(body []byte) (start, end int) {
	start, end = -1, -1
	if bytes.Contains(body, []byte(`:\`)) {
		for _, m := range leakWinPath.FindAllIndex(body, leakMaxCandidates) {
			if !leakNotFilePath(body, m[0]) {
				start, end = m[0], m[1]
				break
			}
		}
	}
	for i := 0; ; i++ {
		j := bytes.IndexByte(body[i:], '/')
		if j < 0 || start >= 0 && i+j > start {
			return start, end
		}
		i += j
		if i+1 >= len(body) || !leakIsPathByte(body[i+1]) || body[i+1] == '/' {
			continue // cheap reject of "/", "//" and "/ " before any regexp work
		}
		s := i
		if s > 0 && body[s-1] == '\\' { // JSON-escaped "\/"
			s--
		}
		if leakNotFilePath(body, s) {
			continue
		}
		m := leakUnixPath.FindSubmatchIndex(body[s:min(len(body), s+4096)])
		if m != nil && (m[4] >= 0 || leakFSRoots[leakFirstSegment(body[s:])]) {
			return s, s + m[1]
		}
	}
}

// leakFirstSegment returns "usr" for "/usr/lib/x.py" and for `\/usr\/lib`.
func leakFirstSegment(p []byte) string {
	p = bytes.TrimLeft(p, `\/`)
	if k := bytes.IndexAny(p, `\/`); k >= 0 {
		return string(p[:k])
	}
	return ""
}

// leakURLContexts precede request paths that servers echo back ("Cannot GET
// /app/x.js", Spring's "path" field), which look like filesystem paths.
var leakURLContexts = [][]byte{
	[]byte("GET "), []byte("HEAD "), []byte("POST "), []byte("PUT "), []byte("PATCH "),
	[]byte("DELETE "), []byte("OPTIONS "), []byte("URL "), []byte("url "),
	[]byte(`"path":"`), []byte(`"path": "`), []byte(`"instance":"`), []byte(`"instance": "`),
	[]byte(`"url":"`), []byte(`"url": "`), []byte(`"uri":"`), []byte(`"uri": "`),
	[]byte(`"route":"`), []byte(`"route": "`), []byte(`href="`), []byte(`src="`), []byte(`action="`),
}

// leakNotFilePath reports whether the path match at start is really part of
// a longer token (a URL such as "https://host/app/x.js") or an echoed
// request path.
func leakNotFilePath(body []byte, start int) bool {
	if start > 0 && leakIsPathByte(body[start-1]) {
		return true
	}
	pre := body[max(0, start-16):start]
	for _, c := range leakURLContexts {
		if bytes.HasSuffix(pre, c) {
			return true
		}
	}
	return false
}

// leakAfterWord reports whether the match at start continues a word ("format
// (" is no "at" frame) instead of starting one. Go regexps lose their fast
// literal-prefix scan with a leading \b, so frame patterns check this here.
// A JSON escape ("\tat com.x.Y...") still starts a word.
func leakAfterWord(body []byte, start int) bool {
	if start == 0 || !leakIsWordByte(body[start-1]) {
		return false
	}
	return start < 2 || body[start-2] != '\\' || strings.IndexByte("tnr", body[start-1]) < 0
}

func leakIsWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// leakIsPathByte reports whether c can be part of a URL or path token, so a
// path preceded by it is a fragment of something longer.
func leakIsPathByte(c byte) bool {
	return leakIsWordByte(c) || strings.IndexByte("/.:~%@+-\\", c) >= 0
}
