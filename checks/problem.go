package checks

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// problemMediaType is RFC 9457's media type for JSON problem details.
const problemMediaType = "application/problem+json"

// isProblem reports whether a JSON body is a problem details object: it is
// served as application/problem+json, or its members look like one (a
// title with a type or a status), whatever its media type says.
func isProblem(mt string, obj map[string]any) bool {
	return obj != nil && (mt == problemMediaType || looksLikeProblem(obj))
}

// looksLikeProblem reports whether an object's members are a problem's.
func looksLikeProblem(obj map[string]any) bool {
	_, hasType := obj["type"]
	_, hasTitle := obj["title"]
	_, hasStatus := obj["status"]
	return hasTitle && (hasType || hasStatus)
}

// The problem rules judge an RFC 9457 problem body.

// problem returns the body as a problem details object, or nil.
func (x *Exchange) problem() map[string]any { return x.Problem }

// checkProblemContentType: a problem not served as problem+json.
func checkProblemContentType(c *collector, x *Exchange) {
	if x.problem() != nil && x.MediaType != problemMediaType && c.j.mode != SchemaProblem { // --schema problem already said so
		c.add("", "the body is a problem details object but is served as %s, not %s (RFC 9457 §3)", x.MediaType, problemMediaType)
	}
}

// problemMembers are a problem's standard members and their JSON types.
var problemMembers = []struct {
	name, ptr string
	ok        func(any) bool
	want      string
}{
	{"type", "/type", isString, "a string"},
	{"title", "/title", isString, "a string"},
	{"status", "/status", isInteger, "an integer"},
	{"detail", "/detail", isString, "a string"},
	{"instance", "/instance", isString, "a string"},
}

// checkProblemMemberTypes: standard members of the wrong JSON type, where
// error-schema did not already say so.
func checkProblemMemberTypes(c *collector, x *Exchange) {
	obj := x.problem()
	if obj == nil {
		return
	}
	for _, m := range problemMembers {
		if val, present := obj[m.name]; present && !c.schemaReported(x, m.ptr) && !m.ok(val) {
			c.add(m.ptr, "problem member %q is %s; RFC 9457 §3.1 makes it %s", m.name, jsonKind(val), m.want)
		}
	}
}

// checkProblemTypeURI: type or instance that is not a URI reference.
func checkProblemTypeURI(c *collector, x *Exchange) {
	obj := x.problem()
	for _, name := range []string{"type", "instance"} {
		if s, ok := obj[name].(string); ok && !c.schemaReported(x, "/"+name) && !IsURIReference(s) {
			c.add("/"+name, "problem member %q is %q, which is not a URI reference (RFC 9457 §3.1, RFC 3986 §4.1)", name, s)
		}
	}
}

// checkProblemTitle: an about:blank problem whose title is not the reason
// phrase.
func checkProblemTitle(c *collector, x *Exchange) {
	obj := x.problem()
	if obj == nil {
		return
	}
	status := x.Response.Status
	typ, _ := obj["type"].(string)
	title, ok := obj["title"].(string)
	if reason := http.StatusText(status); ok && reason != "" && (typ == "" || typ == "about:blank") && !isReasonPhrase(status, title) {
		c.add("/title", "problem type is %s but the title is %q, not the reason phrase %q (RFC 9457 §4.2.1)", describeProblemType(typ), title, reason)
	}
}

// schemaReported reports whether error-schema reported the pointer ptr for
// this exchange: its message already covers the member.
func (c *collector) schemaReported(x *Exchange, ptr string) bool {
	for _, f := range x.Failures[:min(len(x.Failures), schemaReported)] {
		if f.Pointer == ptr {
			return !c.j.skip[RuleSchema] // looked up only here: most bodies validate
		}
	}
	return false
}

// renamed holds the RFC 9110 reason phrases that differ from the older
// ones Go's http.StatusText returns; either is accepted.
var renamed = map[int]string{
	http.StatusRequestEntityTooLarge:        "Content Too Large",
	http.StatusRequestURITooLong:            "URI Too Long",
	http.StatusRequestedRangeNotSatisfiable: "Range Not Satisfiable",
	http.StatusUnprocessableEntity:          "Unprocessable Content",
}

// isReasonPhrase compares a title with the status's reason phrase,
// ignoring case and surrounding space.
func isReasonPhrase(status int, title string) bool {
	t := strings.TrimSpace(title)
	return strings.EqualFold(t, http.StatusText(status)) || renamed[status] != "" && strings.EqualFold(t, renamed[status])
}

func describeProblemType(typ string) string {
	if typ == "" {
		return "absent (about:blank)"
	}
	return typ
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

// isInteger accepts any JSON number without a fractional part, as JSON
// Schema's integer type does (404 and 404.0 alike).
func isInteger(v any) bool {
	switch n := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(n.String(), 64)
		return err == nil && f == float64(int64(f))
	case float64:
		return n == float64(int64(n))
	}
	return false
}

// jsonKind names the JSON type of a decoded value for messages.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number, float64:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "an unknown value"
}

// IsURIReference reports whether s is a URI reference as RFC 3986 §4.1
// defines it: an absolute URI or a relative reference, ASCII only, with
// valid percent-encodings and, when the first segment holds a colon, a
// valid scheme before it. The empty string is a valid (same-document)
// reference.
func IsURIReference(s string) bool {
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
		case !uriChar(ch):
			return false
		}
	}
	if strings.Count(s, "#") > 1 {
		return false
	}
	head := s
	if k := strings.IndexAny(head, "/?#"); k >= 0 {
		head = head[:k]
	}
	if scheme, _, hasColon := strings.Cut(head, ":"); hasColon && !validScheme(scheme) {
		return false
	}
	if plainAuthority(s) {
		return true // url.Parse, which allocates, fails only on an authority
	}
	_, err := url.Parse(s) // brackets only around an IP literal, and so on
	return err == nil
}

// plainAuthority reports whether a reference that passed IsURIReference's
// own checks has no authority, or one of letters, digits, dots and hyphens
// only: url.Parse can then not fail (it parses an authority only after the
// first "//", up to the next "/", "?" or "#").
func plainAuthority(s string) bool {
	_, after, ok := strings.Cut(s, "//")
	if !ok {
		return true
	}
	for i := 0; i < len(after); i++ {
		switch ch := after[i]; {
		case ch == '/' || ch == '?' || ch == '#':
			return true
		case !('a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || '0' <= ch && ch <= '9' || ch == '.' || ch == '-'):
			return false
		}
	}
	return true
}

// uriChar reports whether ch may appear literally in a URI: unreserved or
// reserved (RFC 3986 §2.2, §2.3). Brackets are allowed for IPv6 hosts.
func uriChar(ch byte) bool {
	switch {
	case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', '0' <= ch && ch <= '9':
		return true
	}
	return strings.IndexByte("-._~:/?#[]@!$&'()*+,;=", ch) >= 0
}

// validScheme checks ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
func validScheme(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		letter := 'a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z'
		if i == 0 && !letter || !letter && !('0' <= ch && ch <= '9') && strings.IndexByte("+-.", ch) < 0 {
			return false
		}
	}
	return true
}

func isHex(ch byte) bool {
	return '0' <= ch && ch <= '9' || 'a' <= ch && ch <= 'f' || 'A' <= ch && ch <= 'F'
}
