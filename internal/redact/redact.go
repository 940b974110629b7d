// Package redact removes credentials from anything errprobe prints or writes.
package redact

import (
	"encoding/base64"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// Mask replaces a secret in output.
const Mask = "[REDACTED]"

// FragmentLen is the shortest part of a secret that is masked on its own.
const FragmentLen = 8

// minSecret is the shortest value treated as a secret; shorter fragments
// (a scheme word, say) would mask ordinary text.
const minSecret = 4

// Redactor replaces known secrets. The zero value redacts nothing.
//
// It masks two ways. String and Contains look for whole values, their
// encodings and every FragmentLen-character run of a secret: they are for
// what a target sent back, where an echo of part of a token is what
// errprobe hunts. Exact and ContainsExact look for whole values and their
// encodings only: they are for the request errprobe built itself, whose
// own words (its sample value "errprobe", say) may happen to be eight
// characters of a secret without being one.
type Redactor struct {
	secrets   []string // every masked string, longest first
	fragments []string // the FragmentLen runs among them that are not whole secrets
	cores     []string // the secret parts proper (token, cookie value, password)
	replacer  *strings.Replacer
	exact     *strings.Replacer // whole values and encodings only
}

// New returns a redactor for the given credential values. Each value is
// also recognised in the forms it travels in: without its scheme word
// ("Bearer x" → "x"), each value of a cookie list ("a=x; b=y" → "x", "y"),
// base64-encoded, URL-encoded, and for HTTP Basic the decoded
// user:password and password. For String and Contains, every run of
// FragmentLen characters of a core (the token, each cookie value, the
// Basic password) is a secret too.
func New(values ...string) *Redactor {
	set := map[string]bool{}
	add := func(s string) {
		if len(s) >= minSecret {
			set[s] = true
		}
	}
	var cores []string // the secret parts proper, for fragments
	for _, v := range values {
		v = strings.TrimSpace(v)
		add(v)
		scheme, rest, ok := strings.Cut(v, " ")
		if ok {
			add(strings.TrimSpace(rest))
			cores = append(cores, strings.TrimSpace(rest))
		} else {
			cores = append(cores, v)
		}
		if ok {
			if strings.EqualFold(scheme, "basic") {
				if dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(rest)); err == nil {
					add(string(dec))
					if _, pw, ok := strings.Cut(string(dec), ":"); ok {
						add(pw)
						cores = append(cores, pw)
					}
				}
			}
		}
		// Cookie-style "name=value; name2=value2": each value is a secret
		// of its own, since servers echo parsed cookies one by one.
		for _, pair := range strings.Split(v, ";") {
			pair = strings.TrimSpace(pair)
			if _, val, ok := strings.Cut(pair, "="); ok && !strings.Contains(pair, " ") {
				add(val)
				cores = append(cores, val)
			}
		}
	}
	for s := range set {
		for _, enc := range []string{
			base64.StdEncoding.EncodeToString([]byte(s)),
			base64.RawURLEncoding.EncodeToString([]byte(s)),
			url.QueryEscape(s),
		} {
			add(enc)
		}
	}
	exact := sorted(set)
	// Any run of FragmentLen characters of a secret is masked too, so a
	// server that echoes part of a token leaks nothing usable.
	fragments := map[string]bool{}
	for _, c := range cores {
		for i := 0; i+FragmentLen <= len(c); i++ {
			if f := c[i : i+FragmentLen]; !set[f] {
				fragments[f] = true
			}
		}
	}
	r := &Redactor{fragments: sorted(fragments), cores: cores}
	for f := range fragments {
		set[f] = true
	}
	r.secrets = sorted(set)
	r.replacer = masking(r.secrets)
	r.exact = masking(exact)
	return r
}

// sorted lists a set longest first, so a secret inside another is masked
// as a whole.
func sorted(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i]) != len(out[j]) {
			return len(out[i]) > len(out[j])
		}
		return out[i] < out[j]
	})
	return out
}

func masking(secrets []string) *strings.Replacer {
	pairs := make([]string, 0, 2*len(secrets))
	for _, s := range secrets {
		pairs = append(pairs, s, Mask)
	}
	return strings.NewReplacer(pairs...)
}

// String masks every secret in s. A string without a secret comes back as
// it is, without being copied: strings.Replacer.Replace copies its input
// twice even when it replaces nothing, and reports redact every header,
// URL and body of every result.
func (r *Redactor) String(s string) string {
	if r.Empty() || unchanged(r.replacer, s) {
		return s
	}
	return r.replacer.Replace(s)
}

// Exact masks whole secrets and their encodings in s, not fragments: for
// the request errprobe sent (URL, headers, body, curl line), where a
// credential travels whole and errprobe's own words are not secrets.
func (r *Redactor) Exact(s string) string {
	if r.Empty() || unchanged(r.exact, s) {
		return s
	}
	return r.exact.Replace(s)
}

// ContainsExact reports whether Exact would change s.
func (r *Redactor) ContainsExact(s string) bool {
	return !r.Empty() && !unchanged(r.exact, s)
}

// sameWriter follows a replacer's output and notes whether it differs
// from s, the input.
type sameWriter struct {
	s    string
	off  int
	diff bool
}

func (w *sameWriter) WriteString(p string) (int, error) {
	if !w.diff {
		if end := w.off + len(p); end <= len(w.s) && w.s[w.off:end] == p {
			w.off = end
		} else {
			w.diff = true
		}
	}
	return len(p), nil
}

func (w *sameWriter) Write(p []byte) (int, error) { return w.WriteString(string(p)) }

// Empty reports whether the redactor knows no secret (the run sent no
// credential), so there is nothing to look for.
func (r *Redactor) Empty() bool { return r == nil || len(r.secrets) == 0 }

// Contains reports whether s holds a secret: one pass of the replacer's
// matcher, instead of a search per secret (and there is one per 8-byte
// fragment of every credential).
func (r *Redactor) Contains(s string) bool {
	return !r.Empty() && !unchanged(r.replacer, s)
}

// Echoes reports whether s, sent back by a target, repeats a secret that
// the request errprobe sent does not explain: a whole secret or an
// encoding of one, anywhere; a fragment unless sent (that request as
// reports show it, credentials masked) holds the same fragment. A 404
// quoting the path /users/errprobe repeats errprobe's own word, not the
// key errprobe-secret-123. Text without any secret costs one pass.
func (r *Redactor) Echoes(s, sent string) bool {
	if !r.Contains(s) {
		return false
	}
	if r.ContainsExact(s) {
		return true
	}
	sent = r.Exact(sent) // a credential errprobe sent explains none of its fragments
	for _, c := range r.cores {
		n := echoRun(len(c))
		for i := 0; i+n <= len(c); i++ {
			if run := c[i : i+n]; strings.Contains(s, run) && !strings.Contains(sent, run) {
				return true
			}
		}
	}
	return false
}

// echoRun is how much of a secret of n bytes a response must repeat in one
// run to count as an echo: half of it, at least 12 bytes. A shorter run is
// as likely an ordinary word the secret happens to share (a key starting
// "errprobe-" and a server's /tmp/errprobe-pdns folder) as a leak; the
// report masks it all the same.
func echoRun(n int) int {
	return min(n, max(12, (n+1)/2))
}

// unchanged reports whether rep leaves s as it is, without building the
// masked string.
func unchanged(rep *strings.Replacer, s string) bool {
	if rep == nil || s == "" {
		return true
	}
	w := sameWriters.Get().(*sameWriter)
	*w = sameWriter{s: s}
	_, _ = rep.WriteString(w, s)
	same := !w.diff && w.off == len(s)
	*w = sameWriter{}
	sameWriters.Put(w)
	return same
}

// sameWriters recycles the writers unchanged hands to the replacer (an
// io.Writer argument always escapes).
var sameWriters = sync.Pool{New: func() any { return new(sameWriter) }}
