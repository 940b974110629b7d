package checks

// Rule IDs: the judgements applied to every response. Stable, never renamed.
const (
	RuleNegativeAccepted = "negative-accepted"
	RuleServerError      = "server-error"
	RuleStatusExpected   = "status-expected"
	RuleAllowHeader      = "allow-header"
	RuleWWWAuthenticate  = "www-authenticate"
	RuleContentType      = "error-content-type"
	RuleBodyJSON         = "error-body-json"
	RuleSchema           = "error-schema"
	RuleStatusMember     = "status-member"
	RuleLeak             = "leaked-internals"
)

// Rules returns every rule in catalogue order.
func Rules() []Meta {
	return []Meta{
		{ID: RuleNegativeAccepted, Severity: SeverityError, Title: "Request that should fail was accepted",
			Description: "A probe that breaks the contract got a 2xx. The API accepted input its description forbids (missing validation or authorisation; OWASP API8:2023 security misconfiguration, API5:2023 broken function-level authorisation)."},
		{ID: RuleServerError, Severity: SeverityError, Title: "Server error for a client mistake",
			Description: "A probe got a 5xx. A malformed or unauthorised request is the client's mistake and deserves a 4xx (RFC 9110 §15.5); a 5xx means the input reached code that did not expect it."},
		{ID: RuleStatusExpected, Severity: SeverityError, Title: "Unexpected status",
			Description: "The status is a 4xx (or 3xx) other than the ones the description documents for this mistake, or than the RFC 9110 defaults when it documents none."},
		{ID: RuleAllowHeader, Severity: SeverityError, Title: "405 without Allow",
			Description: "RFC 9110 §15.5.6: a 405 Method Not Allowed response MUST carry an Allow header listing the methods the resource supports."},
		{ID: RuleWWWAuthenticate, Severity: SeverityError, Title: "401 without WWW-Authenticate",
			Description: "RFC 9110 §15.5.2: a 401 Unauthorized response MUST carry a WWW-Authenticate header with at least one challenge."},
		{ID: RuleContentType, Severity: SeverityError, Title: "Error body is not JSON",
			Description: "An error response of a JSON API should be JSON (application/json, application/problem+json or another +json type, RFC 9457 §3), not an HTML page, plain text or nothing, so that clients can read it."},
		{ID: RuleBodyJSON, Severity: SeverityError, Title: "Error body does not parse",
			Description: "The response says it is JSON but its body is not valid JSON (RFC 8259)."},
		{ID: RuleSchema, Severity: SeverityError, Title: "Error body does not match the error schema",
			Description: "The error body does not validate against the error schema in force: the one the description documents for this status, RFC 9457 problem details, the simple {error, message} shape, or the user's own (--schema)."},
		{ID: RuleStatusMember, Severity: SeverityError, Title: "Body status disagrees with HTTP status",
			Description: "The body carries a numeric status member that differs from the HTTP status. RFC 9457 §3.1.2: the status member, if present, must be the status code the origin server generated."},
		{ID: RuleLeak, Severity: SeverityError, Title: "Internals leaked in the response",
			Description: "The body contains a stack trace, a debugger page, an SQL error or an absolute source path. Such details help attackers and never help clients (OWASP API8:2023, CWE-209)."},
	}
}

var severities = func() map[string]Severity {
	m := map[string]Severity{}
	for _, r := range Rules() {
		m[r.ID] = r.Severity
	}
	return m
}()
