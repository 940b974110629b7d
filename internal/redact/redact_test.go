package redact

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
	"unicode"
)

// Canaries in every place a credential lives, in every form it travels in.
// Substrings of a secret (say its first eight characters) are not masked:
// leaks seen in practice echo whole values, and masking fragments would
// garble ordinary text; this is documented in docs/safety.md.
func TestCanaries(t *testing.T) {
	basic := base64.StdEncoding.EncodeToString([]byte("alice:canary-basic-pw-5"))
	userinfo := url.UserPassword("bob", "canary-url-pw-6")
	r := New(
		"Bearer canary-bearer-1",             // Authorization: Bearer
		"canary-api-key-2",                   // X-Api-Key
		"session=canary-cookie-3",            // Cookie
		"canary-query-key-4",                 // ?api_key=
		"Basic "+basic,                       // Authorization: Basic
		userinfo.String(), "canary-url-pw-6", // URL user-info
	)
	tests := []struct{ name, in, secret string }{
		{"bearer header", "Authorization: Bearer canary-bearer-1", "canary-bearer-1"},
		{"bearer echoed alone", `{"token":"canary-bearer-1"}`, "canary-bearer-1"},
		{"bearer base64", base64.StdEncoding.EncodeToString([]byte("canary-bearer-1")), "canary-bearer-1"},
		{"api key", "X-Api-Key: canary-api-key-2", "canary-api-key-2"},
		{"api key url-escaped", "k=" + url.QueryEscape("canary-api-key-2"), "canary-api-key-2"},
		{"cookie pair", "Cookie: session=canary-cookie-3", "canary-cookie-3"},
		{"cookie value", "value canary-cookie-3 echoed", "canary-cookie-3"},
		{"query", "GET /x?api_key=canary-query-key-4&a=1", "canary-query-key-4"},
		{"basic encoded", "Authorization: Basic " + basic, basic},
		{"basic decoded", "user alice:canary-basic-pw-5", "canary-basic-pw-5"},
		{"basic password", "pw=canary-basic-pw-5", "canary-basic-pw-5"},
		{"url userinfo", "http://bob:canary-url-pw-6@host/", "canary-url-pw-6"},
		{"url password base64", base64.RawURLEncoding.EncodeToString([]byte("canary-url-pw-6")), "canary-url-pw-6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := r.String(tt.in)
			if strings.Contains(out, tt.secret) || strings.Contains(out, "canary") {
				t.Errorf("String(%q) = %q still holds the secret", tt.in, out)
			}
			if !strings.Contains(out, Mask) {
				t.Errorf("String(%q) = %q has no mask", tt.in, out)
			}
			if !r.Contains(tt.in) {
				t.Errorf("Contains(%q) = false", tt.in)
			}
		})
	}
	if got := r.String("nothing secret here"); got != "nothing secret here" {
		t.Errorf("ordinary text changed: %q", got)
	}
	var zero *Redactor
	if zero.String("x") != "x" || zero.Contains("x") {
		t.Error("a nil redactor must pass text through")
	}
	if New("abc").String("abc") != "abc" {
		t.Error("values shorter than the minimum are not treated as secrets")
	}
}

// FuzzRedact: String never panics, and a secret made of characters the
// mask does not contain never survives.
func FuzzRedact(f *testing.F) {
	f.Add("Bearer tok-abcdef", "xx Bearer tok-abcdef yy")
	f.Add("session=abcd1234", "Cookie: session=abcd1234")
	f.Add("Basic YWxpY2U6c2VjcmV0", "alice:secret")
	f.Fuzz(func(t *testing.T, secret, text string) {
		r := New(secret)
		out := r.String(text)
		s := strings.TrimSpace(secret)
		if len(s) < minSecret || strings.ContainsFunc(s, func(c rune) bool { return !unicode.IsLower(c) && !unicode.IsDigit(c) }) {
			return
		}
		if strings.Contains(out, s) {
			t.Fatalf("secret %q survives in %q", s, out)
		}
	})
}
