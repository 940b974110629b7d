package checks

import (
	"maps"
	"net/http"
	"slices"
	"strings"
)

// Echoer finds the run's credentials in what a target sent back. Only
// internal/redact knows the secrets; the judge sees them through this.
type Echoer interface {
	// Empty reports whether the run has no credential to look for.
	Empty() bool
	// Contains reports whether s holds any part of a credential: one
	// cheap pass, so most answers cost no more.
	Contains(s string) bool
	// Echoes reports whether got repeats a credential that sent (what
	// errprobe sent, credentials masked) does not explain.
	Echoes(got, sent string) bool
}

// SetEchoer enables the credential-echo rule: e finds the run's
// credentials; headers are the headers sent with every probe besides the
// probe's own (credentials excluded). Call it before judging.
func (j *Judge) SetEchoer(e Echoer, headers http.Header) {
	j.echoer, j.runHeaders = e, headers
}

// Echo judges whether an answered exchange repeats a credential the run
// sent: the credential-echo rule, applied to controls and probes alike.
// Set-Cookie is left out: a server may legitimately refresh the session
// cookie it was sent. A fragment of a secret that errprobe's own request
// holds (its own words) is not an echo.
func (j *Judge) Echo(p Probe, r *Response) []Violation {
	if r == nil || j == nil || j.echoer == nil || j.echoer.Empty() {
		return nil
	}
	sent := "" // what errprobe sent, built only for an answer holding part of a credential
	echoes := func(got string) bool {
		if !j.echoer.Contains(got) {
			return false
		}
		if sent == "" {
			sent = j.sentText(p.Request)
		}
		return j.echoer.Echoes(got, sent)
	}
	var where []string
	if echoes(string(r.Body)) {
		where = append(where, "the body")
	}
	for _, k := range slices.Sorted(maps.Keys(r.Header)) {
		if http.CanonicalHeaderKey(k) == "Set-Cookie" {
			continue
		}
		if echoes(strings.Join(r.Header[k], "\n")) {
			where = append(where, "header "+http.CanonicalHeaderKey(k))
		}
	}
	if len(where) == 0 {
		return nil
	}
	v, ok := j.Violation(RuleCredentialEcho, p.CheckID, "",
		"the response repeats a credential the run sent, in "+strings.Join(where, " and ")+" (masked in this report)")
	if !ok {
		return nil
	}
	return []Violation{v}
}

// sentText is the request errprobe sent, as text to look for its own words
// in: path and query, body, header values. Credentials are never in it:
// the engine adds them below the probe.
func (j *Judge) sentText(req Request) string {
	var b strings.Builder
	b.WriteString(req.Path + "\n")
	b.Write(req.Body)
	for _, h := range []http.Header{j.runHeaders, req.Header} {
		for _, k := range slices.Sorted(maps.Keys(h)) {
			b.WriteString("\n" + strings.Join(h[k], ", "))
		}
	}
	return b.String()
}
