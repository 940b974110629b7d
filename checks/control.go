package checks

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/errprobe/errprobe/schemas"

	"github.com/errprobe/errprobe/internal/openapi"
)

// FamilyControl holds the control requests: one valid request per
// operation, sent before its negative probes. A control is never a finding
// by itself; what it got decides how the operation's probes are read.
const FamilyControl = Family("control")

// CheckControl is the ID of the control check.
const CheckControl = "control"

type control struct{}

func (control) Meta() Meta {
	return Meta{ID: CheckControl, Family: FamilyControl, Title: "Valid request (control)",
		Description: "Sends each operation's valid request once, with the authorised identity, before its negative probes. It is never a finding by itself: it shows whether the route is served at the target (a 404/405 means the base path or a path parameter value is wrong), whether the credentials are accepted, and whether errprobe's valid request is valid to the server, so that a probe is never blamed for a failure the valid request has too. Skip it (--skip control) to send only the negative probes."}
}

func (c control) Probes(g *Gen) []Probe {
	out := make([]Probe, 0, len(g.Spec.Operations)+1)
	for _, op := range g.Spec.Operations {
		req := g.newBuild(op).request(IdentityAuthorized)
		out = append(out, probe(c, op, "", "send the operation's valid request (no finding by itself)", req, Expectation{}))
	}
	if len(out) > 0 {
		// The reference: how the target says "no such route", so that a
		// 404 in another voice (etcd's JSON "lease not found" to a valid
		// POST /v3/lease/revoke, where unknown routes get text/plain) reads
		// as a missing item, not as a route the target does not serve.
		sent := "/errprobe-" + g.token("reference")
		op := &openapi.Operation{Method: http.MethodGet, Path: sent}
		req := Request{Method: http.MethodGet, Path: sent, Header: acceptJSON(), Identity: IdentityAuthorized}
		out = append(out, Probe{ID: CheckControl + ":" + referenceDetail, CheckID: CheckControl, Family: FamilyControl,
			Description: "request a path the description does not declare, to learn how the target answers an unknown route (no finding by itself)",
			Op:          op, Request: req})
	}
	return out
}

// referenceDetail ends the ID of the reference control.
const referenceDetail = "unknown-route-reference"

// IsReference reports whether p is the reference control, the request for
// a route that does not exist.
func IsReference(p Probe) bool { return p.ID == CheckControl+":"+referenceDetail }

// notFoundVoice is how a 404 is said, with what varies by request taken
// out: the media type, and the top-level member names of a JSON body or
// the text of another one without the request's path, method and digits.
func notFoundVoice(r Result) string {
	if r.Response == nil {
		return ""
	}
	mt := mediaType(r.Response.Header.Get("Content-Type"))
	body := r.Response.Body
	if doc, err := schemas.DecodeJSON(body); err == nil {
		if obj, ok := doc.(map[string]any); ok {
			keys := make([]string, 0, len(obj))
			for k := range obj {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			return mt + " {" + strings.Join(keys, ",") + "}"
		}
	}
	text := string(body)
	if path, _, _ := strings.Cut(r.Probe.Request.Path, "?"); path != "" {
		text = strings.ReplaceAll(text, path, "")
	}
	text = strings.ReplaceAll(text, r.Probe.Request.Method, "")
	text = strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return -1
		}
		return r
	}, text)
	if len(text) > 256 {
		text = text[:256]
	}
	return mt + " " + strings.TrimSpace(text)
}

// ControlClass is what an operation's control request established.
type ControlClass int

// Control classes, from "nothing in the way" to "not reachable".
const (
	ControlNone      ControlClass = iota // no control was sent for the operation
	ControlOK                            // 1xx, 2xx or 3xx: the valid request went through
	ControlNotServed                     // 405 or 501, or 404 on a path without parameters: the route is not served as described
	ControlMissing                       // 404 on a path with parameters: perhaps only the resource the values name does not exist
	ControlAuth                          // 401 or 403: the credentials are not accepted
	ControlRejected                      // another 4xx: the valid request is not valid to the server
	ControlServer                        // 5xx: the operation fails even for a valid request
	ControlNoAnswer                      // no response at all
)

// Classify reads a control's result.
func Classify(r Result) ControlClass {
	switch {
	case r.Skipped:
		return ControlNone
	case r.Response == nil:
		return ControlNoAnswer
	}
	switch st := r.Response.Status; {
	case st < 400:
		return ControlOK
	case st == http.StatusNotFound && (templated(r.Probe.Op.Path) || r.Probe.Op.Response("404") != nil):
		// A made-up identifier, in the path or in the body of an operation
		// that documents 404 (PUT /pet for a pet that does not exist).
		return ControlMissing
	case st == http.StatusNotFound, st == http.StatusMethodNotAllowed, st == http.StatusNotImplemented:
		return ControlNotServed
	case st == http.StatusUnauthorized, st == http.StatusForbidden:
		return ControlAuth
	case st < 500:
		return ControlRejected
	}
	return ControlServer
}

// templated reports whether a path has parameters.
func templated(path string) bool { return strings.Contains(path, "{") }

// IsControl reports whether p is a control request.
func IsControl(p Probe) bool { return p.Family == FamilyControl }

// controlKey names the operation a probe belongs to for control purposes:
// probes of an operation share its key; probes on synthetic operations of
// a real path (method-not-allowed) are keyed by the path alone.
func controlKey(op *openapi.Operation) string { return op.Method + " " + op.Path }

// Controls holds what the control requests of a run got, by operation, and
// says what that means for the operations' other probes. It is built once
// every control has an answer and is read-only afterwards.
type Controls struct {
	byOp   map[string]controlRecord
	byPath map[string][]ControlClass
	counts map[ControlClass]int
	total  int
	// plain and plainNotServed count the controls of paths without
	// parameters, and those of them that got 404, 405 or 501.
	plain, plainNotServed int
}

type controlRecord struct {
	class  ControlClass
	status int
}

// NewControls records the control results (other results are ignored).
func NewControls(results []Result) *Controls {
	c := &Controls{byOp: map[string]controlRecord{}, byPath: map[string][]ControlClass{}, counts: map[ControlClass]int{}}
	reference := ""
	for _, r := range results {
		if IsReference(r.Probe) && r.Response != nil && r.Response.Status == http.StatusNotFound {
			reference = notFoundVoice(r)
		}
	}
	for _, r := range results {
		if !IsControl(r.Probe) || IsReference(r.Probe) || IsAside(r.Probe) {
			continue
		}
		class := Classify(r)
		if class == ControlNone {
			continue
		}
		if class == ControlNotServed && reference != "" && r.Response.Status == http.StatusNotFound && notFoundVoice(r) != reference {
			class = ControlMissing
		}
		rec := controlRecord{class: class}
		if r.Response != nil {
			rec.status = r.Response.Status
		}
		c.byOp[controlKey(r.Probe.Op)] = rec
		c.byPath[r.Probe.Op.Path] = append(c.byPath[r.Probe.Op.Path], class)
		c.counts[class]++
		c.total++
		if !templated(r.Probe.Op.Path) {
			c.plain++
			if class == ControlNotServed || class == ControlMissing {
				c.plainNotServed++
			}
		}
	}
	return c
}

// Class returns what the control of the operation METHOD path established,
// and false when it had none.
func (c *Controls) Class(method, path string) (ControlClass, bool) {
	rec, ok := c.byOp[method+" "+path]
	return rec.class, ok
}

// Total returns how many controls were sent and finished.
func (c *Controls) Total() int { return c.total }

// MostNotServed reports whether the routes are, by and large, not where
// errprobe sends them: more than half of the operations on paths without
// parameters found theirs not served, or, where every path has them,
// every operation got a 404 or 405. The base path or the path parameter
// values are wrong for the whole API then, and judging its answers would
// only report that. A 404 for a made-up identifier alone proves nothing.
func (c *Controls) MostNotServed() bool {
	if c.plain > 0 {
		return 2*c.plainNotServed > c.plain
	}
	return c.total >= 2 && c.counts[ControlNotServed]+c.counts[ControlMissing] == c.total
}

// NotServed counts the controls that answered 404, 405 or 501.
func (c *Controls) NotServed() int { return c.counts[ControlNotServed] + c.counts[ControlMissing] }

// NoneAnswered reports whether no control got any response.
func (c *Controls) NoneAnswered() bool {
	return c.total > 0 && c.counts[ControlNoAnswer] == c.total
}

// Skip returns why p should not be sent given its operation's control, or
// "" to send it. A probe is only worth sending where its operation's valid
// request reaches the code the probe tests.
func (c *Controls) Skip(p Probe) string {
	if c == nil || IsControl(p) {
		return ""
	}
	rec, ok := c.byOp[controlKey(p.Op)]
	if !ok {
		// A synthetic operation on a real path (a method the path lacks):
		// not served when none of the path's operations is.
		classes := c.byPath[p.Op.Path]
		if len(classes) == 0 {
			return ""
		}
		for _, cl := range classes {
			if cl != ControlNotServed {
				return ""
			}
		}
		return "not sent: the valid requests of this path answered 404/405, so the route is not served at the target as described (check --base-path and path parameter values, --path-param NAME=VALUE)"
	}
	switch rec.class {
	case ControlNotServed:
		return fmt.Sprintf("not sent: the operation's valid request answered %d %s, so the route is not served at the target as described (check --base-path and path parameter values, --path-param NAME=VALUE)", rec.status, http.StatusText(rec.status))
	case ControlAuth:
		if p.Family != FamilyForbidden {
			return fmt.Sprintf("not sent: the operation's valid request was refused with %d %s, so the credentials (--auth) are not accepted here and the probe could not get past authentication", rec.status, http.StatusText(rec.status))
		}
	}
	return ""
}

// Adjust reads a judged probe in the light of its operation's control and
// returns the violations that still hold, and a reason when the answer
// shows nothing. Where the valid request failed with a 4xx, a probe that
// gets the same status was answered for whatever made the valid request
// fail (a body the server finds invalid, a made-up identifier that names
// nothing), not for the probe's own mistake: its status proves nothing
// either way, so it is not judged unless a finding holds for any request
// at error severity (a leak, a body that is not a proper error); lesser
// ones are left to the probes that are judged. A 5xx for a client mistake
// is a defect even when the valid request gets one too.
func (c *Controls) Adjust(p Probe, status int, vs []Violation) ([]Violation, string) {
	if c == nil || IsControl(p) {
		return vs, ""
	}
	rec, ok := c.byOp[controlKey(p.Op)]
	sibling := false
	if !ok {
		// A DELETE's own control comes last (it would remove what the
		// other probes need); the GET of the same path tells whether the
		// path parameter values name anything.
		rec, ok = c.byOp[http.MethodGet+" "+p.Op.Path]
		if !ok || rec.class != ControlMissing || p.Op.Method == http.MethodGet {
			return vs, ""
		}
		sibling = true
	}
	if rec.class == ControlOK && status == http.StatusConflict && p.Op.Method == http.MethodPost && rec.status >= 200 && rec.status < 300 {
		// The valid request created the item, and the probe, which names
		// the same one, was refused for that before its own mistake was
		// looked at: a conflict is a client error, and the probe's status
		// proves nothing either way.
		kept := vs[:0:0]
		for _, v := range vs {
			if v.Rule != RuleStatusExpected && v.Rule != RuleUndocumentedStatus {
				kept = append(kept, v)
			}
		}
		if !serious(kept) {
			return nil, fmt.Sprintf("not judged: the operation's valid request got %d and created what this probe names too, so the target answered 409 Conflict for that before it looked at the probe's mistake", rec.status)
		}
		return kept, ""
	}
	switch rec.class {
	case ControlRejected, ControlMissing:
		if status != rec.status {
			return vs, ""
		}
		kept, serious := vs[:0:0], false
		for _, v := range vs {
			if v.Rule != RuleStatusExpected && v.Rule != RuleUndocumentedStatus {
				kept = append(kept, v)
				serious = serious || v.Severity >= SeverityError
			}
		}
		if serious {
			return kept, ""
		}
		if sibling {
			return nil, fmt.Sprintf("not judged: the valid GET of this path got %d %s too, so the path parameter values name no resource and this answer does not show that the mistake was detected (give existing ones: --path-param NAME=VALUE)", rec.status, http.StatusText(rec.status))
		}
		if rec.class == ControlMissing {
			return nil, fmt.Sprintf("not judged: the operation's valid request got %d %s too, so the path parameter values name no resource and this answer does not show that the mistake was detected (give existing ones: --path-param NAME=VALUE)", rec.status, http.StatusText(rec.status))
		}
		return nil, fmt.Sprintf("not judged: the operation's valid request got %d %s too, so this answer does not show that the mistake was detected (make the valid request pass: examples in the description, values: in errprobe.yaml)", rec.status, http.StatusText(rec.status))
	case ControlServer:
		for i := range vs {
			if vs[i].Rule == RuleServerError {
				vs[i].Message += fmt.Sprintf(" (the operation's valid request got %d too)", rec.status)
			}
		}
	}
	return vs, ""
}

// serious reports whether any of vs is of error severity.
func serious(vs []Violation) bool {
	for _, v := range vs {
		if v.Severity >= SeverityError {
			return true
		}
	}
	return false
}

// Aside returns the control c as a request of errprobe's own about the
// operation, with detail added to its ID and desc as its description: the
// control sent again to notice a change (Recheck), a fixture errprobe
// creates, reads back or removes. It is reported as a control, apart from
// the operation's own one, and never read as it.
func Aside(c Probe, detail, desc string) Probe {
	c.ID += ":" + detail
	c.Description = desc
	c.Hold = ""
	return c
}

// IsAside reports whether p is a control of errprobe's own (see Aside):
// neither an operation's control nor the reference.
func IsAside(p Probe) bool {
	return IsControl(p) && !IsReference(p) && p.Op != nil && p.ID != CheckControl+":"+controlKey(p.Op)
}

// Recheck returns the control c, to be sent again after the requests of
// stage that may have changed its resource (see Aside).
func Recheck(c Probe, stage string) Probe {
	return Aside(c, "recheck-after-"+stage, "send the valid request again after requests that may have changed its resource, to notice a change (no finding by itself)")
}
