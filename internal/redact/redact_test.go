package redact

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
	"unicode"
)

// Canaries in every place a credential lives, in every form it travels in.
// Fragments are tested in TestFragments.
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

// Any FragmentLen characters of a secret's core (the token after its
// scheme word, each cookie value, the Basic password, a bare value) are
// masked; shorter runs, the scheme word and the Basic user name are not.
func TestFragments(t *testing.T) {
	basic := base64.StdEncoding.EncodeToString([]byte("alice:Rf7basicpwJm3"))
	r := New(
		"Bearer Zq8bearerKx4Wm7",
		"session=Mw2cookieYt8; theme=darkmode",
		"Basic "+basic,
		"Hj3apikeyVn6",
	)
	tests := []struct {
		name, in string
		masked   bool
	}{
		{"bearer prefix", "token Zq8beare... was cut", true},
		{"bearer middle", "saw bearerKx here", true},
		{"bearer suffix", "ends Kx4Wm7 no", false}, // six characters
		{"seven characters", "Zq8bear", false},
		{"scheme word", "Bearer realm=x", false},
		{"first cookie value", "cookie Mw2cookie", true},
		{"second cookie value", "theme is darkmode", true},
		{"cookie name", "session expired", false},
		{"basic password fragment", "pw basicpwJ", true},
		{"basic user", "user alice", false},
		{"bare value fragment", "key apikeyVn", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := r.String(tt.in)
			if got := out != tt.in; got != tt.masked {
				t.Errorf("String(%q) = %q, masked %v, want %v", tt.in, out, got, tt.masked)
			}
			if r.Contains(tt.in) != tt.masked {
				t.Errorf("Contains(%q) = %v", tt.in, !tt.masked)
			}
		})
	}
	// What survives masking is never FragmentLen characters of a secret.
	out := r.String("xxZq8bearerKx4Wm7yy Zq8bearerKx4W Mw2cookieYt8Mw2cookieYt8")
	for _, core := range []string{"Zq8bearerKx4Wm7", "Mw2cookieYt8"} {
		for i := 0; i+FragmentLen <= len(core); i++ {
			if strings.Contains(out, core[i:i+FragmentLen]) {
				t.Errorf("%q survives in %q", core[i:i+FragmentLen], out)
			}
		}
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
		// The shortcut for text without a secret changes nothing: the same
		// result as the replacer, and Contains agrees with a plain search.
		if r.replacer != nil && out != r.replacer.Replace(text) {
			t.Fatalf("String(%q) = %q, the replacer gives %q", text, out, r.replacer.Replace(text))
		}
		found := false
		for _, x := range r.secrets {
			found = found || strings.Contains(text, x)
		}
		if r.Contains(text) != found {
			t.Fatalf("Contains(%q) = %v, a search of every secret says %v", text, !found, found)
		}
		// Exact is the replacer of whole secrets, and ContainsExact a
		// search of them: fragments play no part.
		frag := map[string]bool{}
		for _, x := range r.fragments {
			frag[x] = true
		}
		foundExact := false
		for _, x := range r.secrets {
			foundExact = foundExact || !frag[x] && strings.Contains(text, x)
		}
		if r.ContainsExact(text) != foundExact {
			t.Fatalf("ContainsExact(%q) = %v, a search of every whole secret says %v", text, !foundExact, foundExact)
		}
		if r.exact != nil && r.Exact(text) != r.exact.Replace(text) {
			t.Fatalf("Exact(%q) = %q, the replacer gives %q", text, r.Exact(text), r.exact.Replace(text))
		}
		// An echo is a whole secret or half of one (echoRun) in one run.
		halfRun := false
		for _, c := range r.cores {
			for i := 0; i+echoRun(len(c)) <= len(c); i++ {
				halfRun = halfRun || strings.Contains(text, c[i:i+echoRun(len(c))])
			}
		}
		if want := found && (foundExact || halfRun); r.Echoes(text, "") != want || r.Echoes(text, text) != foundExact {
			t.Fatalf("Echoes(%q) disagrees with ContainsExact %v / a half run %v", text, foundExact, halfRun)
		}
		s := strings.TrimSpace(secret)
		if len(s) < minSecret || strings.ContainsFunc(s, func(c rune) bool { return !unicode.IsLower(c) && !unicode.IsDigit(c) }) {
			return
		}
		if strings.Contains(out, s) {
			t.Fatalf("secret %q survives in %q", s, out)
		}
		if exact := r.Exact(text); strings.Contains(exact, s) {
			t.Fatalf("secret %q survives Exact in %q", s, exact)
		}
	})
}

func TestEmpty(t *testing.T) {
	t.Parallel()
	var zero *Redactor
	for _, tc := range []struct {
		name string
		r    *Redactor
		want bool
	}{
		{"nil", zero, true},
		{"zero value", &Redactor{}, true},
		{"no values", New(), true},
		{"only empty values", New(""), true},
		{"a credential", New("Bearer s3cr3t-token-value"), false},
	} {
		if got := tc.r.Empty(); got != tc.want {
			t.Errorf("%s: Empty() = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestExact: errprobe's own words in the request it sent stay readable
// although they are eight characters of a secret; whole secrets and their
// encodings are masked wherever they are.
func TestExact(t *testing.T) {
	t.Parallel()
	const key = "errprobe-secret-123"
	r := New(key, "Bearer Zq8bearerKx4Wm7")
	tests := []struct {
		name, in     string
		exact, fuzzy bool // masked by Exact, by String
	}{
		{"own path segment", "GET /users/errprobe/pets", false, true},
		{"own body value", `{"name":"errprobe"}`, false, true},
		{"the key", "X-Api-Key: " + key, true, true},
		{"the key url-encoded", "?k=" + url.QueryEscape(key+"&"), true, true},
		{"the key base64", base64.StdEncoding.EncodeToString([]byte(key)), true, true},
		{"a bearer token without its scheme", "tok=Zq8bearerKx4Wm7", true, true},
		{"a fragment of the bearer token", "Zq8bearerKx", false, true},
		{"ordinary text", "nothing secret", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := r.Exact(tt.in) != tt.in; got != tt.exact || r.ContainsExact(tt.in) != tt.exact {
				t.Errorf("Exact(%q) = %q, masked %v, want %v", tt.in, r.Exact(tt.in), got, tt.exact)
			}
			if got := r.String(tt.in) != tt.in; got != tt.fuzzy {
				t.Errorf("String(%q) = %q, masked %v, want %v", tt.in, r.String(tt.in), got, tt.fuzzy)
			}
		})
	}
}

// TestEchoes: a response repeats a credential when it holds a whole one,
// or a run of half of it (12 bytes at least) that the request errprobe
// sent does not hold itself; a shorter run is an ordinary word as often.
func TestEchoes(t *testing.T) {
	t.Parallel()
	const key = "errprobe-secret-123"
	r := New(key)
	sent := "https://api.example.test/users/errprobe?api_key=[REDACTED]\n{\"name\":\"errprobe\"}"
	tests := []struct {
		name, resp string
		want       bool
	}{
		{"own word quoted", `{"error":"no user errprobe"}`, false},
		{"the key", `{"error":"bad key ` + key + `"}`, true},
		{"half the key, which the request lacks", `{"error":"bad key be-secret-123"}`, true},
		{"a short run the request lacks", `{"error":"bad key secret-1"}`, false},
		{"a folder sharing the key's prefix", `[{"name":"socket-dir","value":"/tmp/errprobe-pdns.Xy12"}]`, false},
		{"a fragment with one own", `{"error":"errprobe-sec"}`, true},
		{"clean", `{"error":"bad key"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := r.Echoes(tt.resp, sent); got != tt.want {
				t.Errorf("Echoes(%q) = %v, want %v", tt.resp, got, tt.want)
			}
		})
	}
	if !r.Echoes("errprobe-secr", "") {
		t.Error("half the key with nothing sent to explain it is an echo")
	}
	if r.Echoes("errprobe", "") {
		t.Error("8 bytes of the key are no echo by themselves")
	}
}
