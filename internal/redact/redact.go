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
type Redactor struct {
	secrets  []string
	replacer *strings.Replacer
}

// New returns a redactor for the given credential values. Each value is
// also recognised in the forms it travels in: without its scheme word
// ("Bearer x" → "x"), each value of a cookie list ("a=x; b=y" → "x", "y"),
// base64-encoded, URL-encoded, and for HTTP Basic the decoded
// user:password and password. Every run of FragmentLen characters of a
// core (the token, each cookie value, the Basic password) is masked too.
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
	// Any run of FragmentLen characters of a secret is masked too, so a
	// server that echoes part of a token (or a probe that cut one) leaks
	// nothing usable.
	for _, c := range cores {
		for i := 0; i+FragmentLen <= len(c); i++ {
			set[c[i:i+FragmentLen]] = true
		}
	}
	r := &Redactor{}
	for s := range set {
		r.secrets = append(r.secrets, s)
	}
	// Longest first so a secret inside another is masked as a whole.
	sort.Slice(r.secrets, func(i, j int) bool {
		if len(r.secrets[i]) != len(r.secrets[j]) {
			return len(r.secrets[i]) > len(r.secrets[j])
		}
		return r.secrets[i] < r.secrets[j]
	})
	pairs := make([]string, 0, 2*len(r.secrets))
	for _, s := range r.secrets {
		pairs = append(pairs, s, Mask)
	}
	r.replacer = strings.NewReplacer(pairs...)
	return r
}

// String masks every secret in s. A string without a secret comes back as
// it is, without being copied: strings.Replacer.Replace copies its input
// twice even when it replaces nothing, and reports redact every header,
// URL and body of every result.
func (r *Redactor) String(s string) string {
	if r.unchanged(s) {
		return s
	}
	return r.replacer.Replace(s)
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
	return !r.unchanged(s)
}

// unchanged reports whether masking leaves s as it is, without building
// the masked string.
func (r *Redactor) unchanged(s string) bool {
	if r.Empty() || r.replacer == nil || s == "" {
		return true
	}
	w := sameWriters.Get().(*sameWriter)
	*w = sameWriter{s: s}
	_, _ = r.replacer.WriteString(w, s)
	same := !w.diff && w.off == len(s)
	*w = sameWriter{}
	sameWriters.Put(w)
	return same
}

// sameWriters recycles the writers unchanged hands to the replacer (an
// io.Writer argument always escapes).
var sameWriters = sync.Pool{New: func() any { return new(sameWriter) }}
