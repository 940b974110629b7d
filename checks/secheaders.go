package checks

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
)

// The header rules judge the security-relevant headers of an error
// response and the Retry-After of a 429 or 503. None of them is an error by
// default: they are advice, and must never fail a default run.

// checkNosniff: an error body a browser may sniff.
func checkNosniff(c *collector, x *Exchange) {
	if r := x.Response; r.Status >= 400 && len(bytes.TrimSpace(r.Body)) > 0 && !nosniff(r.Header) {
		c.add("", "error response with a body has no X-Content-Type-Options: nosniff, so browsers may sniff it as another type")
	}
}

// checkCacheControlAuth: a 401/403 shared caches may keep.
func checkCacheControlAuth(c *collector, x *Exchange) {
	st, h := x.Response.Status, x.Response.Header
	if (st == http.StatusUnauthorized || st == http.StatusForbidden) && !privateCache(h) {
		c.add("", "%d response has no Cache-Control: no-store or private (Cache-Control %s); caches may keep and replay it",
			st, quoteOrNone(strings.Join(h.Values("Cache-Control"), ", ")))
	}
}

// checkCORSWildcard: a wildcard origin with credentials.
func checkCORSWildcard(c *collector, x *Exchange) {
	h := x.Response.Header
	if x.Response.Status >= 400 && strings.TrimSpace(h.Get("Access-Control-Allow-Origin")) == "*" &&
		strings.EqualFold(strings.TrimSpace(h.Get("Access-Control-Allow-Credentials")), "true") {
		c.add("", "Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true; the CORS policy is misconfigured")
	}
}

// checkVersionDisclosure: Server or X-Powered-By naming the software.
func checkVersionDisclosure(c *collector, x *Exchange) {
	if x.Response.Status < 400 {
		return
	}
	for _, name := range []string{"Server", "X-Powered-By"} {
		if val := strings.TrimSpace(x.Response.Header.Get(name)); val != "" && (name == "X-Powered-By" || versionRE.MatchString(val)) {
			c.add("", "%s: %s discloses the software%s behind the API", name, val, versionNote(val))
		}
	}
}

// checkRetryAfter: a 429/503 without a valid Retry-After.
func checkRetryAfter(c *collector, x *Exchange) {
	st := x.Response.Status
	if st != http.StatusTooManyRequests && st != http.StatusServiceUnavailable {
		return
	}
	switch ra := strings.TrimSpace(x.Response.Header.Get("Retry-After")); {
	case ra == "":
		c.add("", "%d response has no Retry-After header; clients cannot tell when to try again", st)
	case !ValidRetryAfter(ra):
		c.add("", "Retry-After %q is neither delta-seconds nor an HTTP-date (RFC 9110 §10.2.3)", ra)
	}
}

// nosniff parses X-Content-Type-Options as the Fetch Standard does: the
// first value of the first field, case-insensitive.
func nosniff(h http.Header) bool {
	first, _, _ := strings.Cut(h.Get("X-Content-Type-Options"), ",")
	return strings.EqualFold(strings.Trim(first, " \t"), "nosniff")
}

// versionRE finds a version number: "nginx/1.25.3", "PHP/8.1", "Kestrel 2.1".
var versionRE = regexp.MustCompile(`(^|[/ (v])\d+(\.\d+)+`)

func versionNote(val string) string {
	if versionRE.MatchString(val) {
		return " and its version"
	}
	return ""
}

// privateCache reports whether Cache-Control keeps the response out of
// shared caches: no-store or private (RFC 9111 §5.2.2.5, §5.2.2.7).
func privateCache(h http.Header) bool {
	for _, v := range h.Values("Cache-Control") {
		for _, d := range strings.Split(v, ",") {
			name, _, _ := strings.Cut(strings.TrimSpace(d), "=")
			if strings.EqualFold(name, "no-store") || strings.EqualFold(name, "private") {
				return true
			}
		}
	}
	return false
}

// ValidRetryAfter reports whether v is a Retry-After value: delta-seconds
// (1*DIGIT) or an HTTP-date in any of the formats RFC 9110 §5.6.7 makes
// recipients accept.
func ValidRetryAfter(v string) bool {
	if v == "" {
		return false
	}
	if strings.Trim(v, "0123456789") == "" {
		return true
	}
	_, err := http.ParseTime(v)
	return err == nil
}

func quoteOrNone(s string) string {
	if s == "" {
		return "absent"
	}
	return `"` + s + `"`
}
