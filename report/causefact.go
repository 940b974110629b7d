package report

import (
	"encoding/json"
	"fmt"
	"mime"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/errprobe/errprobe/checks"
)

// causeFact is the normalised fact that makes two violations of one rule
// the same cause. It is built only from what is stable between runs of
// the same target: the rule's header fact, the observed status, the body
// shape (media type and top-level members, never values) and the kind of
// mistake; never probe IDs, paths, ports or request IDs.
func causeFact(res Result, v Violation, shape *lazyShape) string {
	status := "no answer"
	if res.Response != nil {
		status = fmt.Sprint(res.Response.Status)
	}
	switch v.Rule {
	case checks.RuleNosniff:
		return "error answers without X-Content-Type-Options: nosniff"
	case checks.RuleCacheControlAuth:
		return "401/403 answers without Cache-Control: no-store or private"
	case checks.RuleCORSWildcard:
		return "Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true"
	case checks.RuleVersionDisclosure:
		return versionFact(res.Response)
	case checks.RuleWWWAuthenticate:
		return "401 without WWW-Authenticate"
	case checks.RuleAllowHeader:
		return "405 without Allow"
	case checks.RuleRetryAfter:
		if res.Response != nil && res.Response.Headers["Retry-After"] != "" {
			return status + " with an invalid Retry-After"
		}
		return status + " without Retry-After"
	case checks.RuleCredentialEcho:
		return "a credential echoed in the " + echoWhere(v)
	case checks.RuleAuthConsistency:
		return "authentication failures answered differently on one operation"
	case checks.RuleUndocumentedStatus:
		return "undocumented " + status
	case checks.RuleNegativeAccepted:
		return mistake(res) + " answered 2xx"
	case checks.RuleServerError, checks.RuleStatusExpected, checks.RuleNoResponse:
		return mistake(res) + " answered " + status
	case checks.RuleShapeConsistency:
		return origin(v.Message) + " answers shaped " + shape.of(res)
	case checks.RuleSchema, checks.RuleProblemMemberTypes, checks.RuleStatusMember:
		return statusClass(res) + " answers shaped " + shape.of(res) + pointerFact(v.Pointer)
	}
	return statusClass(res) + " answers shaped " + shape.of(res)
}

// lazyShape works out a result's body shape once, and only for the rules
// whose fact names it (the header rules do not).
type lazyShape struct {
	s    string
	done bool
}

func (l *lazyShape) of(res Result) string {
	if !l.done {
		l.s, l.done = bodyShape(res.Response), true
	}
	return l.s
}

// statusClass is "4xx" or "5xx": a router's 404 and 405 pages are one
// cause, a crash's 500 page another.
func statusClass(res Result) string {
	if res.Response == nil {
		return "no"
	}
	return fmt.Sprintf("%dxx", res.Response.Status/100)
}

// mistake names the kind of mistake a probe makes: its family (a
// malformed request, a missing parameter), since one validation layer
// answers them all; every probe without a valid credential is one kind
// too (a careful API answers them alike); the other probes of unknown
// routes and authorisation are each their own check.
func mistake(res Result) string {
	m, ok := checkMeta()[res.Check]
	switch {
	case ok && m.Unauthenticated:
		return "requests without valid credentials"
	case res.Family == string(checks.FamilyMalformed):
		return "malformed requests"
	case res.Family == string(checks.FamilyMissing):
		return "requests missing a required part"
	}
	return res.Check + " probes"
}

// checkMeta is the catalogue's checks by ID, built once: mistake runs for
// every status violation of a run.
var checkMeta = sync.OnceValue(func() map[string]checks.Meta {
	m := map[string]checks.Meta{}
	for _, c := range checks.All() {
		m[c.Meta().ID] = c.Meta()
	}
	return m
})

// versionFact is the version banner itself: the same banner on every
// answer is one fact about the whole API.
func versionFact(resp *Response) string {
	if resp == nil {
		return "server software disclosed"
	}
	var parts []string
	for _, h := range []string{"Server", "X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version"} {
		if v := resp.Headers[h]; v != "" {
			parts = append(parts, h+": "+v)
		}
	}
	if len(parts) == 0 {
		return "server software disclosed"
	}
	return strings.Join(parts, "; ")
}

func echoWhere(v Violation) string {
	if v.Pointer != "" || strings.Contains(v.Message, "body") {
		return "body"
	}
	return "headers"
}

// origin reads which layer wrote an answer from an error-shape-consistency
// message ("404 answer from the router (…) is shaped …").
func origin(msg string) string {
	_, rest, ok := strings.Cut(msg, " answer from ")
	if !ok {
		return "error"
	}
	who, _, ok := strings.Cut(rest, " is shaped ")
	if !ok {
		return "error"
	}
	who, _, _ = strings.Cut(who, " (")
	return strings.TrimPrefix(who, "the ")
}

var arrayIndex = regexp.MustCompile(`/[0-9]+(/|$)`)

// pointerFact normalises a JSON pointer: array indices do not make a
// different cause.
func pointerFact(p string) string {
	if p == "" {
		return ""
	}
	for arrayIndex.MatchString(p) {
		p = arrayIndex.ReplaceAllString(p, "/*$1")
	}
	return " at " + p
}

// bodyShape is a response body's shape: "empty", its media type, or for
// JSON its type and sorted top-level members.
func bodyShape(resp *Response) string {
	if resp == nil {
		return "nothing"
	}
	if strings.TrimSpace(resp.Body) == "" {
		return "empty"
	}
	ct := resp.Headers["Content-Type"]
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	}
	if mt == "" {
		mt = "no Content-Type"
	}
	if !resp.BodyTruncated && (strings.HasSuffix(mt, "json") || strings.HasPrefix(strings.TrimSpace(resp.Body), "{")) {
		var v any
		if json.Unmarshal([]byte(resp.Body), &v) == nil {
			return mt + " " + jsonShape(v)
		}
	}
	return mt
}

func jsonShape(v any) string {
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return "{" + strings.Join(keys, ",") + "}"
	case []any:
		return "[array]"
	case string:
		return "string"
	case nil:
		return "null"
	}
	return "scalar"
}
