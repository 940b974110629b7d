package testapi

import "strconv"

// Mode is how the API behaves: Compliant, or with one defect across every
// operation. The comment on each defect names the errprobe rules it must
// trip; the audit tests pin exactly those.
type Mode int

// The modes.
const (
	// Compliant answers every probe the way errprobe expects: the right
	// status, a JSON body in the documented error shape, status member equal
	// to the HTTP status, Allow on 405, WWW-Authenticate on 401, credentials
	// checked before input, Cache-Control: no-store on 401 and 403,
	// X-Content-Type-Options: nosniff on every body. No rule fires.
	Compliant Mode = iota
	// HTMLErrors answers every error with a text/html page: error-content-type.
	HTMLErrors
	// StackTrace500OnBadJSON answers a request body that does not parse with
	// a 500 and a Python traceback in text/plain: server-error,
	// leaked-internals, error-content-type and (text/plain among JSON
	// errors) error-shape-consistency.
	StackTrace500OnBadJSON
	// AcceptMissingParams lets missing required query, header and cookie
	// parameters through and answers 200: negative-accepted.
	AcceptMissingParams
	// IgnoreAuth never checks credentials: negative-accepted on the
	// forbidden probes.
	IgnoreAuth
	// No401Challenge answers 401 without WWW-Authenticate: www-authenticate.
	No401Challenge
	// No405Allow answers 405 without Allow: allow-header.
	No405Allow
	// StatusMemberMismatch puts a hard-coded 400 in every error body's status
	// member whatever the HTTP status: status-member.
	StatusMemberMismatch
	// WrongSchema answers errors as {"code", "reason"}, missing the members
	// the description requires: error-schema.
	WrongSchema
	// InvalidJSONBody labels error bodies application/json but writes a
	// Python dict repr, which is not JSON: error-body-json.
	InvalidJSONBody
	// WrongStatus answers 403 where 401 belongs and 404 for a body that does
	// not parse: status-expected.
	WrongStatus
	// SQLErrorLeak puts the database's error message in the JSON body of
	// every 400 for a bad or missing parameter: leaked-internals.
	SQLErrorLeak
	// EmptyErrorBodies answers errors with the right status and no body:
	// error-content-type.
	EmptyErrorBodies
	// EchoCredentials is compliant but repeats the Authorization header in
	// the detail and in a header of a 403: credential-echo. Tests also use
	// it to prove reports mask credentials that come back in responses.
	EchoCredentials
)

var modeNames = []string{
	"Compliant", "HTMLErrors", "StackTrace500OnBadJSON", "AcceptMissingParams", "IgnoreAuth",
	"No401Challenge", "No405Allow", "StatusMemberMismatch", "WrongSchema", "InvalidJSONBody",
	"WrongStatus", "SQLErrorLeak", "EmptyErrorBodies", "EchoCredentials",
}

// Modes returns every mode, Compliant first.
func Modes() []Mode {
	out := make([]Mode, len(modeNames))
	for i := range out {
		out[i] = Mode(i)
	}
	return out
}

// String returns the mode's constant name.
func (m Mode) String() string {
	if m >= 0 && int(m) < len(modeNames) {
		return modeNames[m]
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}
