package report

import (
	"net/http"
	"strings"

	"github.com/errprobe/errprobe/checks"
)

// echo finds credentials the run sent coming back in a response: the
// credential-echo rule. Only the builder can judge it, because only its
// redactor knows the secrets; the checks package never sees them.
// Set-Cookie is left out: a server may legitimately refresh the session
// cookie it was sent. sent is the request as the report shows it: a
// fragment of a secret that it holds too (errprobe's own words) is not
// an echo (see redact.Redactor.Echoes).
func (b *Builder) echo(r checks.Result, sent Request) []checks.Violation {
	if r.Response == nil || r.Err != nil || r.Skipped || b.Redactor.Empty() {
		return nil
	}
	var own strings.Builder
	own.WriteString(sent.URL + "\n" + sent.Body)
	for _, k := range sortedKeys(sent.Headers) {
		own.WriteString("\n" + sent.Headers[k])
	}
	var where []string
	if b.Redactor.Echoes(string(r.Response.Body), own.String()) {
		where = append(where, "the body")
	}
	for _, k := range sortedKeys(r.Response.Header) {
		if http.CanonicalHeaderKey(k) == "Set-Cookie" {
			continue
		}
		if b.Redactor.Echoes(strings.Join(r.Response.Header[k], "\n"), own.String()) {
			where = append(where, "header "+http.CanonicalHeaderKey(k))
		}
	}
	if len(where) == 0 {
		return nil
	}
	v, ok := b.Judge.Violation(checks.RuleCredentialEcho, r.Probe.CheckID, "",
		"the response repeats a credential the run sent, in "+strings.Join(where, " and ")+" (masked in this report)")
	if !ok {
		return nil
	}
	return []checks.Violation{v}
}

// AddViolations appends violations found after the result was built (the
// run-level rules) to res, masking credentials in their messages, and
// turns a passing result into a failing one when they reach FailOn.
func (b *Builder) AddViolations(res *Result, vs []checks.Violation) {
	for _, v := range vs {
		res.Violations = append(res.Violations, Violation{Rule: v.Rule, Severity: v.Severity.String(), Message: b.Redactor.String(v.Message), Pointer: v.Pointer})
	}
	if res.Outcome == OutcomePass && failing(res.Violations, b.FailOn) {
		res.Outcome = OutcomeFail
	}
}
