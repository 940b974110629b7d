package checks

// Rule IDs: the judgements applied to every response. Stable, never renamed.
const (
	RuleNegativeAccepted = "negative-accepted"
	RuleServerError      = "server-error"
	RuleNoResponse       = "no-response"
	RuleStatusExpected   = "status-expected"
	RuleAllowHeader      = "allow-header"
	RuleWWWAuthenticate  = "www-authenticate"
	RuleContentType      = "error-content-type"
	RuleBodyJSON         = "error-body-json"
	RuleSchema           = "error-schema"
	RuleStatusMember     = "status-member"
	RuleLeak             = "leaked-internals"
	RuleAuthConsistency  = "auth-response-consistency"

	RuleProblemTypeURI     = "problem-type-uri"
	RuleProblemTitle       = "problem-title"
	RuleProblemMemberTypes = "problem-member-types"
	RuleProblemContentType = "problem-content-type"
	RuleTitleConsistency   = "problem-title-consistency"
	RuleShapeConsistency   = "error-shape-consistency"
	RuleNosniff            = "nosniff-header"
	RuleCacheControlAuth   = "cache-control-auth"
	RuleCORSWildcard       = "cors-wildcard-credentials"
	RuleVersionDisclosure  = "version-disclosure"
	RuleRetryAfter         = "retry-after"
	RuleUndocumentedStatus = "undocumented-status"
	RuleCredentialEcho     = "credential-echo"
)

// Rules returns every rule that judges one exchange, in the order they
// judge it (and their violations are listed): the status, its headers, the
// body, leaks; then the two judged apart (credential-echo, no-response). A
// new rule is one file with its check and one line here.
func Rules() []Rule {
	return []Rule{
		{Meta: Meta{ID: RuleNegativeAccepted, Severity: SeverityError, Title: "Request that should fail was accepted",
			Description: "A probe that breaks the contract got a 2xx. The API accepted input its description forbids (missing validation or authorisation; OWASP API8:2023 security misconfiguration, API5:2023 broken function-level authorisation)."}, Check: checkNegativeAccepted},
		{Meta: Meta{ID: RuleServerError, Severity: SeverityError, Title: "Server error for a client mistake",
			Description: "A probe got a 5xx. A malformed or unauthorised request is the client's mistake and deserves a 4xx (RFC 9110 §15.5); a 5xx means the input reached code that did not expect it."}, Check: checkServerError},
		{Meta: Meta{ID: RuleStatusExpected, Severity: SeverityError, Title: "Unexpected status",
			Description: "The status is a 4xx (or 3xx) other than the ones the description documents for this mistake, or than the RFC 9110 defaults when it documents none."}, Check: checkStatusExpected},
		{Meta: Meta{ID: RuleAllowHeader, Severity: SeverityError, Title: "405 without Allow",
			Description: "RFC 9110 §15.5.6: a 405 Method Not Allowed response MUST carry an Allow header listing the methods the resource supports."}, Check: checkAllowHeader},
		{Meta: Meta{ID: RuleWWWAuthenticate, Severity: SeverityError, Title: "401 without WWW-Authenticate",
			Description: "RFC 9110 §15.5.2: a 401 Unauthorized response MUST carry a WWW-Authenticate header with at least one challenge."}, Check: checkWWWAuthenticate},
		{Meta: Meta{ID: RuleUndocumentedStatus, Severity: SeverityWarning, Title: "4xx the description does not document",
			Description: "The operation answered an acceptable 4xx that its description documents neither exactly, by range (4XX) nor by default. Applies only to operations that document at least one 4xx; clients generated from the description will not expect it (OpenAPI 3.1 §4.8.16)."}, Check: checkUndocumented},
		{Meta: Meta{ID: RuleNosniff, Severity: SeverityInfo, Title: "Error without X-Content-Type-Options: nosniff",
			Description: "An error response with a body lacks X-Content-Type-Options: nosniff (Fetch Standard, X-Content-Type-Options header, OWASP REST Security Cheat Sheet), so a browser may sniff an error that echoes input as HTML."}, Check: checkNosniff},
		{Meta: Meta{ID: RuleCacheControlAuth, Severity: SeverityWarning, Title: "401/403 cacheable by shared caches",
			Description: "A 401 or 403 carries neither Cache-Control: no-store nor private (RFC 9111 §5.2.2.5, §5.2.2.7; OWASP REST Security Cheat Sheet), so a shared cache may store an answer about one caller's credentials and replay it to another."}, Check: checkCacheControlAuth},
		{Meta: Meta{ID: RuleCORSWildcard, Severity: SeverityWarning, Title: "CORS wildcard with credentials",
			Description: "Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true. The Fetch Standard (§3.2.5, CORS protocol and credentials) makes browsers refuse the pair, and it usually means the policy is built by hand and may reflect arbitrary origins elsewhere (OWASP API8:2023)."}, Check: checkCORSWildcard},
		{Meta: Meta{ID: RuleVersionDisclosure, Severity: SeverityInfo, Title: "Server software disclosed",
			Description: "Server carries a version number (nginx/1.25.3) or X-Powered-By is present (Express, PHP/8.1). RFC 9110 §10.2.4: senders SHOULD NOT generate needlessly fine-grained detail; it helps attackers match known vulnerabilities (OWASP API8:2023)."}, Check: checkVersionDisclosure},
		{Meta: Meta{ID: RuleRetryAfter, Severity: SeverityWarning, Title: "429/503 without a valid Retry-After",
			Description: "A 429 or 503 has no Retry-After, or one that is neither delta-seconds nor an HTTP-date (RFC 9110 §10.2.3, RFC 6585 §4), so clients cannot back off correctly."}, Check: checkRetryAfter},
		{Meta: Meta{ID: RuleContentType, Severity: SeverityError, Title: "Error body is not JSON",
			Description: "An error response of a JSON API should be JSON (application/json, application/problem+json or another +json type, RFC 9457 §3), not an HTML page, plain text or nothing, so that clients can read it."}, Check: checkContentType},
		{Meta: Meta{ID: RuleBodyJSON, Severity: SeverityError, Title: "Error body does not parse",
			Description: "The response says it is JSON but its body is not valid JSON (RFC 8259)."}, Check: checkBodyJSON},
		{Meta: Meta{ID: RuleSchema, Severity: SeverityError, Title: "Error body does not match the error schema",
			Description: "The error body does not validate against the error schema in force: the one the description documents for this status, RFC 9457 problem details, the simple {error, message} shape, or the user's own (--schema)."}, Check: checkSchema},
		{Meta: Meta{ID: RuleStatusMember, Severity: SeverityError, Title: "Body status disagrees with HTTP status",
			Description: "The body carries a numeric status member that differs from the HTTP status. RFC 9457 §3.1.2: the status member, if present, must be the status code the origin server generated."}, Check: checkStatusMember},
		{Meta: Meta{ID: RuleProblemContentType, Severity: SeverityInfo, Title: "Problem served without application/problem+json",
			Description: "The body is a problem details object (type and title, or title and status) but its Content-Type is not application/problem+json, the media type RFC 9457 §3 identifies the format with; clients that dispatch on the media type miss it. RFC 9457 states no requirement keyword here, hence info."}, Check: checkProblemContentType},
		{Meta: Meta{ID: RuleProblemMemberTypes, Severity: SeverityError, Title: "Problem member has the wrong JSON type",
			Description: "RFC 9457 §3.1: type, title, detail and instance are strings and status is an integer. Not repeated where error-schema already reported the member."}, Check: checkProblemMemberTypes},
		{Meta: Meta{ID: RuleProblemTypeURI, Severity: SeverityError, Title: "Problem type or instance is not a URI reference",
			Description: "RFC 9457 §3.1.1 and §3.1.5: the type and instance members of a problem are URI references (RFC 3986 §4.1): ASCII, no spaces, valid percent-encodings, a valid scheme before any colon in the first segment."}, Check: checkProblemTypeURI},
		{Meta: Meta{ID: RuleProblemTitle, Severity: SeverityWarning, Title: "about:blank problem title is not the reason phrase",
			Description: "RFC 9457 §4.2.1: when type is about:blank (or absent, which means the same), the title SHOULD be the HTTP reason phrase of the status (\"Not Found\" for 404). Compared case-insensitively."}, Check: checkProblemTitle},
		{Meta: Meta{ID: RuleLeak, Severity: SeverityError, Title: "Internals leaked in the response",
			Description: "The body contains a stack trace, a debugger page, an SQL error or an absolute source path. Such details help attackers and never help clients (OWASP API8:2023, CWE-209)."}, Check: checkLeak},
		{Meta: Meta{ID: RuleCredentialEcho, Severity: SeverityError, Title: "Response echoes a credential",
			Description: "A response body or header (Set-Cookie aside) contains a credential the run sent, so it ends up in logs, caches and error trackers (OWASP API8:2023, CWE-200). The report masks the value."}},
		{Meta: Meta{ID: RuleNoResponse, Severity: SeverityError, Title: "No response to a client mistake",
			Description: "A probe got no complete response: the server kept it waiting past the timeout, stalled mid-body, or closed the connection without answering, while the target answers other requests. A client mistake deserves a prompt 4xx (RFC 9110 §15.5); a request that hangs a worker or drops the connection is a denial-of-service risk (OWASP API4:2023 unrestricted resource consumption) and leaves clients without an error to read."}},
		{Meta: Meta{ID: RuleTargetCrashed, Severity: SeverityError, Title: "The target stopped answering",
			Description: "The target answered until this probe was in flight, and then stopped: every new connection was refused or reset, confirmed by fresh requests of the reference, so the run stopped there. A request a client can send that takes a server down is the worst denial of service (OWASP API4:2023 unrestricted resource consumption, CWE-400); a client mistake deserves a 4xx (RFC 9110 §15.5). Reported on each probe in flight when it died, with the last answered request."}},
		{Meta: Meta{ID: RuleMalformedResponse, Severity: SeverityError, Title: "Malformed response",
			Description: "The answer is not a usable HTTP response: no status line, an invalid chunk size, headers past errprobe's cap (a 10 MB header line, an endless run of 1xx responses), a redirect loop. RFC 9112 defines the message syntax a client can parse; anything else leaves clients without an answer and some parsers open to resource exhaustion (OWASP API4:2023)."}},
	}
}

// RunRules returns the rules that judge a whole run's answered errors.
func RunRules() []RunRule {
	return []RunRule{
		{Meta: Meta{ID: RuleShapeConsistency, Severity: SeverityWarning, Title: "Error bodies in more than one shape",
			Description: "Run-level. Clients parse errors with one code path, so an API should answer every error in one shape (RFC 9457 §1). Reported on answers whose shape differs from the most common one among errors of documented operations, saying whether the router, the authentication layer or the endpoint wrote them. Exempt: bodies matching the schema the description documents for the status, and JSON objects carrying every member of the usual shape."}, Check: shapeConsistency},
		{Meta: Meta{ID: RuleTitleConsistency, Severity: SeverityWarning, Title: "One problem type, several titles",
			Description: "Run-level. RFC 9457 §3.1.3: the title of a problem type SHOULD NOT change from occurrence to occurrence. Reported on the answers whose title differs from the one the type has most often in the run; about:blank is exempt."}, Check: titleConsistency},
		{Meta: Meta{ID: RuleAuthConsistency, Severity: SeverityWarning, Title: "Authentication failures answered differently",
			Description: "Run-level: on one operation, the probes without valid credentials (none, made-up, expired, malformed, wrong scheme) got different statuses or differently shaped bodies. Differences tell a caller which credentials came close, helping account and token enumeration (OWASP API2:2023 broken authentication, CWE-204 observable response discrepancy); RFC 6750 §3.1 error codes in WWW-Authenticate are the place for detail."}, Check: authConsistency},
	}
}
