package demoapi

import (
	"net/http"
	"strings"
)

// realm is the protection space named in every Bearer challenge.
const realm = `Bearer realm="widgets"`

// authFailure says why a request may not proceed: 401 (no or bad
// credentials, with a challenge) or 403 (a known identity lacking the role).
type authFailure struct {
	status    int
	challenge string // WWW-Authenticate value; empty for 403
	code      string // legacy error code and problem type suffix
	detail    string
}

// authorize checks the request's bearer token. Readers may read; writes need
// the admin token. It returns nil when the request may proceed.
func authorize(r *http.Request, needAdmin bool) *authFailure {
	h := r.Header.Get("Authorization")
	if h == "" {
		return &authFailure{http.StatusUnauthorized, realm, "unauthorized", "a bearer token is required"}
	}
	scheme, token, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") || (token != AdminToken && token != ReaderToken) {
		// RFC 6750 section 3.1: invalid_token for a token that is not valid.
		return &authFailure{http.StatusUnauthorized, realm + `, error="invalid_token"`, "unauthorized",
			"the bearer token is not valid"}
	}
	if needAdmin && token != AdminToken {
		return &authFailure{http.StatusForbidden, "", "forbidden", "this operation needs an administrator token"}
	}
	return nil
}

// writeProblem answers the failure as problem+json.
func (f *authFailure) writeProblem(w http.ResponseWriter, r *http.Request) {
	f.setChallenge(w)
	newProblem(r, f.status, f.code, f.detail).write(w)
}

// writeLegacy answers the failure in the pre-RFC 9457 error shape.
func (f *authFailure) writeLegacy(w http.ResponseWriter) {
	f.setChallenge(w)
	writeLegacyError(w, f.status, f.code, f.detail)
}

func (f *authFailure) setChallenge(w http.ResponseWriter) {
	if f.challenge != "" {
		w.Header().Set("WWW-Authenticate", f.challenge)
	}
}
