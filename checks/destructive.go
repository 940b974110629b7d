package checks

import (
	"net/http"
	"strings"
	"unicode"

	"github.com/errprobe/errprobe/internal/openapi"
)

// irreversibleWords are the actions that cannot be undone by another
// request of the API, or that take the target or its data out of errprobe's
// hands: a transferred repository answers 301 at its old path, a rotated
// secret or reset password locks its users out, a deploy or a cron job acts
// on the world. They are matched as whole words of the operationId, the
// summary and the path (with their simple inflections), never inside
// another word: "runners" is not "run", "/password-reset" is "reset".
var irreversibleWords = []string{
	"transfer", "rename", "move", "archive", "merge", "revoke", "reset",
	"rotate", "deploy", "run", "restart", "shutdown", "cron",
}

// identitySegments are the last path segments of the resources that stand
// for the caller itself: deleting one deletes or revokes the identity
// errprobe is using, and every later request would get 401.
var identitySegments = map[string]bool{
	"token": true, "user": true, "session": true, "me": true, "self": true,
	"current": true, "logout": true, "signout": true,
}

// identityCollections are the collections of the caller's credentials:
// deleting one (DELETE /tokens, /sessions) deletes the caller's too.
var identityCollections = map[string]bool{"tokens": true, "sessions": true}

// Irreversible returns the word that makes op irreversible ("" when it is
// not): an action in irreversibleWords, or a DELETE of the caller's own
// identity. Reads (GET, HEAD, OPTIONS, TRACE) never are.
func Irreversible(op *openapi.Operation) string {
	if op == nil || SafeMethod(op.Method) {
		return ""
	}
	if IdentityOperation(op) {
		return "deletes the identity errprobe uses"
	}
	for _, w := range words(op.OperationID + " " + op.Summary + " " + op.Path) {
		for _, base := range irreversibleWords {
			if inflectionOf(w, base) {
				return base
			}
		}
	}
	return ""
}

// IdentityOperation reports whether op deletes or revokes the identity
// that calls it: DELETE /token, /user, /session, /me and the like, with
// no path parameter naming someone else.
func IdentityOperation(op *openapi.Operation) bool {
	if op == nil || op.Method != http.MethodDelete {
		return false
	}
	segs := strings.Split(strings.Trim(op.Path, "/"), "/")
	last := strings.ToLower(segs[len(segs)-1])
	return identitySegments[last] || identityCollections[last] && !strings.Contains(op.Path, "{")
}

// SafeMethod reports whether a method is safe (RFC 9110 §9.2.1).
func SafeMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}

// inflectionOf reports whether w is base or one of its simple
// inflections: -s, -es, -d, -ed, -ing, -ment(s), with the final consonant doubled
// (run: runs, running; transfer: transferred) or the final e dropped
// (archive: archiving).
func inflectionOf(w, base string) bool {
	if w == base {
		return true
	}
	stems := []string{base, base + base[len(base)-1:]}
	if strings.HasSuffix(base, "e") {
		stems = append(stems, strings.TrimSuffix(base, "e"))
	}
	for _, stem := range stems {
		rest, ok := strings.CutPrefix(w, stem)
		if !ok {
			continue
		}
		switch rest {
		case "s", "es", "d", "ed", "ing", "ment", "ments":
			return true
		}
	}
	return false
}

// words cuts s into lower-case words at anything but letters and at
// camelCase humps ("transferRepo", "/repos/{owner}/transfer",
// "v1/{name}:rotate"); path parameter names are left out.
func words(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	inParam := false
	prev := rune(0)
	for _, r := range s {
		switch {
		case r == '{':
			flush()
			inParam = true
		case r == '}':
			inParam = false
		case inParam:
		case unicode.IsLetter(r):
			if unicode.IsUpper(r) && unicode.IsLower(prev) {
				flush()
			}
			cur = append(cur, r)
		default:
			flush()
		}
		prev = r
	}
	flush()
	return out
}

// CannotSucceed reports whether a compliant or a lenient server alike
// must refuse p before acting on it: it carries no valid credentials, or
// a body no parser reads. Only these are sent to an operation held back.
func CannotSucceed(p Probe) bool {
	switch p.CheckID {
	case "auth-missing", "auth-invalid", "auth-expired-token", "auth-malformed-token", "auth-wrong-scheme",
		"malformed-json-truncated", "malformed-json-syntax":
		return true
	}
	return false
}

// MayChange reports whether p may change the target's state: a valid
// write (a control with a method that is not safe), or a probe of a write
// that a lenient server might accept (a wrong field, a missing optional
// member, the low-privilege identity). Reads, routes and methods that do
// not exist, and probes that cannot succeed do not.
func MayChange(p Probe) bool {
	if SafeMethod(p.Request.Method) || CannotSucceed(p) {
		return false
	}
	if p.Family == FamilyUnknown {
		return false // a route or an identifier that does not exist
	}
	return true
}

// HoldBack marks the probes of irreversible operations (Irreversible)
// that could succeed: all but those that cannot (CannotSucceed) and those
// of routes, methods and identifiers that do not exist. They are listed by plan and not sent by run, unless
// allowed says the user lets the operation through (--allow-destructive,
// allowDestructive: in errprobe.yaml). The low-privilege identity never
// calls an operation that deletes or revokes an identity, allowed or not:
// it would delete itself, and every later probe of it would get 401. It
// returns how many probes it marked.
func HoldBack(probes []Probe, allowed func(op *openapi.Operation) bool) int {
	n := 0
	for i := range probes {
		p := &probes[i]
		word := Irreversible(p.Op)
		if word == "" || CannotSucceed(*p) || p.Family == FamilyUnknown {
			continue // nothing there to act on: a made-up identifier, a method the path does not declare
		}
		self := p.Request.Identity == IdentityLow && (word == "revoke" || IdentityOperation(p.Op))
		if !self && allowed != nil && allowed(p.Op) {
			continue
		}
		switch {
		case self:
			p.Hold = "held back: the low-privilege identity would delete or revoke itself, and every later probe of it would get 401"
		case IdentityOperation(p.Op):
			p.Hold = "held back: the operation deletes or revokes the identity errprobe uses (--allow-destructive, or allowDestructive: in errprobe.yaml, sends it)"
		default:
			p.Hold = "held back: the operation is irreversible (" + word + "); only probes that cannot succeed were sent (--allow-destructive, or allowDestructive: in errprobe.yaml, sends it)"
		}
		n++
	}
	return n
}
