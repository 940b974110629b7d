package checks

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/schemas"
)

// SchemaMode chooses the error schema responses are validated against.
type SchemaMode string

// Schema modes; any other value is a path to the user's schema file.
const (
	SchemaAuto    SchemaMode = "auto"
	SchemaProblem SchemaMode = "problem"
	SchemaSimple  SchemaMode = "simple"
	SchemaSpec    SchemaMode = "spec"
	SchemaFile    SchemaMode = "file"
)

// Judge applies the rules to responses. It is safe for concurrent use;
// schemas are compiled once per run and cached.
type Judge struct {
	mode                     SchemaMode
	user                     *schemas.Schema
	problem, simple, lenient *schemas.Schema
	skip                     map[string]bool
	severity                 map[string]Severity

	mu    sync.Mutex
	cache map[*openapi.Schema]*schemas.Schema
}

// NewJudge prepares a judge. user is the compiled schema for SchemaFile.
// skip lists rule IDs whose violations are dropped.
func NewJudge(mode SchemaMode, user *schemas.Schema, skip []string) (*Judge, error) {
	j := &Judge{mode: mode, user: user, skip: map[string]bool{}, cache: map[*openapi.Schema]*schemas.Schema{}}
	for _, id := range skip {
		j.skip[id] = true
	}
	var err error
	for name, dst := range map[string]**schemas.Schema{schemas.Problem: &j.problem, schemas.Simple: &j.simple, schemas.Lenient: &j.lenient} {
		if *dst, err = schemas.Builtin(name); err != nil {
			return nil, err
		}
	}
	if mode == SchemaFile && user == nil {
		return nil, fmt.Errorf("schema mode file needs a schema")
	}
	return j, nil
}

// SetSeverities overrides the severity of rules, or of every violation of
// a check's probes, by ID. Call it before judging.
func (j *Judge) SetSeverities(m map[string]Severity) { j.severity = m }

// sev returns the severity a violation of rule on a probe of check gets:
// a user override, else the rule's severity capped by the check's (a
// check whose expectation is advisory, like an unsatisfiable Accept,
// caps every violation it causes).
func (j *Judge) sev(rule, check string) Severity {
	if s, ok := j.severity[rule]; ok {
		return s
	}
	if s, ok := j.severity[check]; ok {
		return s
	}
	if cap, ok := checkCaps[check]; ok && cap < severities[rule] && rule != RuleLeak && rule != RuleServerError {
		return cap
	}
	return severities[rule]
}

// checkCaps holds the checks whose violations are capped.
var checkCaps = func() map[string]Severity {
	m := map[string]Severity{}
	for _, c := range All() {
		if s := c.Meta().Severity; s != 0 {
			m[c.Meta().ID] = s
		}
	}
	return m
}()

// Judge returns the violations of one response, in rule order.
func (j *Judge) Judge(p Probe, r *Response) []Violation {
	v, _ := j.judge(p, r, false)
	return v
}

// JudgeView returns the violations of one response, as Judge does, and its
// run-level record, as View does, decoding and validating the body once.
func (j *Judge) JudgeView(p Probe, r *Response) ([]Violation, RunView) {
	return j.judge(p, r, true)
}

func (j *Judge) judge(p Probe, r *Response, wantView bool) ([]Violation, RunView) {
	var view RunView
	var vp *RunView
	if wantView && r.Status >= 400 && p.Request.Method != http.MethodHead {
		view = newView(p, r)
		vp = &view
	}
	var v []Violation
	add := func(rule, format string, args ...any) {
		if !j.skip[rule] {
			v = append(v, Violation{Rule: rule, Severity: j.sev(rule, p.CheckID), Message: fmt.Sprintf(format, args...)})
		}
	}
	st := r.Status
	switch {
	case st >= 200 && st < 300:
		add(RuleNegativeAccepted, "got %d %s, but the request should have been rejected with %s", st, http.StatusText(st), statusList(p.Expect.Statuses))
	case st >= 500:
		add(RuleServerError, "got %d %s for a client mistake; expected %s", st, http.StatusText(st), statusList(p.Expect.Statuses))
	case !slices.Contains(p.Expect.Statuses, st):
		add(RuleStatusExpected, "got %d %s; expected %s", st, http.StatusText(st), statusList(p.Expect.Statuses))
	}
	if st == http.StatusMethodNotAllowed && strings.TrimSpace(r.Header.Get("Allow")) == "" {
		add(RuleAllowHeader, "405 response has no Allow header (the path declares %s)", strings.Join(p.Expect.Allow, ", "))
	} else if st == http.StatusMethodNotAllowed {
		if lacking := missingMethods(r.Header.Values("Allow"), p.Expect.Allow); len(lacking) > 0 {
			add(RuleAllowHeader, "405 Allow header %q omits %s, which the path declares; RFC 9110 §10.2.1 wants every method the resource supports",
				strings.Join(r.Header.Values("Allow"), ", "), strings.Join(lacking, ", "))
		}
	}
	if st == http.StatusUnauthorized && strings.TrimSpace(r.Header.Get("WWW-Authenticate")) == "" {
		add(RuleWWWAuthenticate, "401 response has no WWW-Authenticate header")
	}
	v = append(v, j.undocumented(p, r)...)
	if st >= 400 {
		v = append(v, j.headers(p, r)...)
	}
	if st >= 400 && p.Request.Method != http.MethodHead {
		v = append(v, j.body(p, r, vp)...)
	}
	if !j.skip[RuleLeak] {
		for _, l := range FindLeaks(r.Body) {
			v = append(v, Violation{Rule: RuleLeak, Severity: j.sev(RuleLeak, p.CheckID),
				Message: fmt.Sprintf("%s in the body at byte %d: %q", l.What, l.Offset, l.Excerpt)})
		}
	}
	return j.capped(p, v), view
}

// capped lowers violations of an advisory probe to its cap, unless the user
// set the rule's severity explicitly. Leaks and server errors are never
// advisory: they are wrong whatever the probe.
func (j *Judge) capped(p Probe, v []Violation) []Violation {
	if p.Expect.Cap == 0 {
		return v
	}
	for i := range v {
		_, ruleSet := j.severity[v[i].Rule]
		_, checkSet := j.severity[p.CheckID]
		if ruleSet || checkSet || v[i].Rule == RuleLeak || v[i].Rule == RuleServerError {
			continue // the user's explicit severity wins over the probe's cap
		}
		if v[i].Severity > p.Expect.Cap {
			v[i].Severity = p.Expect.Cap
		}
	}
	return v
}

// body judges an error response's body: JSON, schema, status member. When
// view is not nil it also fills the body's part of the run-level record.
func (j *Judge) body(p Probe, r *Response, view *RunView) []Violation {
	var v []Violation
	add := func(rule, ptr, format string, args ...any) {
		if !j.skip[rule] {
			v = append(v, Violation{Rule: rule, Severity: j.sev(rule, p.CheckID), Pointer: ptr, Message: fmt.Sprintf(format, args...)})
		}
	}
	ct := r.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	if len(bytes.TrimSpace(r.Body)) == 0 {
		view.setShape(ShapeEmpty)
		add(RuleContentType, "", "error response has an empty body%s; clients get no explanation", describeType(ct))
		return v
	}
	if !openapi.IsJSONMediaType(mt) {
		view.setShape(cmp.Or(mt, ShapeUntyped))
		add(RuleContentType, "", "error body is %s, not JSON (application/json or application/problem+json)", describeBody(ct, r.Body))
		return v
	}
	if j.mode == SchemaProblem && mt != "application/problem+json" {
		add(RuleContentType, "", "error body is %s; --schema problem expects application/problem+json (RFC 9457 §3)", mt)
	}
	if !r.Truncated && !utf8.Valid(r.Body) {
		add(RuleBodyJSON, "", "body declared as %s is not valid JSON: it is not valid UTF-8 (RFC 8259 §8.1)", mt)
		if view != nil {
			if doc, err := decodeJSON(r.Body); err != nil {
				view.setShape(ShapeInvalidJSON)
			} else {
				j.viewJSON(view, p, r.Status, mt, doc, nil, nil)
			}
		}
		return v
	}
	doc, err := decodeJSON(r.Body)
	if err != nil {
		view.setShape(ShapeInvalidJSON)
		if r.Truncated {
			add(RuleBodyJSON, "", "error body exceeds the %d-byte cap and could not be parsed", len(r.Body))
		} else {
			add(RuleBodyJSON, "", "body declared as %s is not valid JSON: %v", mt, jsonErr(err))
		}
		return v
	}
	sch, name := j.schemaFor(p, r.Status, mt)
	var fails []schemas.Failure
	if sch != nil {
		fails = sch.Validate(doc)
		for i, f := range fails {
			if i == 3 {
				break // the first few failures tell the story
			}
			add(RuleSchema, f.Pointer, "body does not match %s at %s: %s", name(), pointerOrRoot(f.Pointer), f.Message)
		}
	}
	if obj, ok := doc.(map[string]any); ok {
		if n, ok := numericStatus(obj["status"]); ok && n != r.Status {
			add(RuleStatusMember, "/status", "body status member is %d but the HTTP status is %d", n, r.Status)
		}
	}
	if obj, ok := doc.(map[string]any); ok && isProblem(mt, obj) {
		v = append(v, j.problemRules(p, r.Status, mt, obj, schemaPointers(v))...)
	}
	if view != nil {
		j.viewJSON(view, p, r.Status, mt, doc, sch, fails)
	}
	return v
}

// errTrailing marks a body with data after its JSON value.
var errTrailing = errors.New("trailing data")

// decodeJSON decodes one JSON value, numbers as json.Number; data after
// the value is errTrailing.
func decodeJSON(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errTrailing
	}
	return doc, nil
}

// schemaFor picks the schema in force and a name for it in messages (a
// function: most bodies validate, and the name is then never built).
func (j *Judge) schemaFor(p Probe, status int, mt string) (*schemas.Schema, func() string) {
	named := func(s string) func() string { return func() string { return s } }
	switch j.mode {
	case SchemaProblem:
		return j.problem, problemName
	case SchemaSimple:
		return j.simple, named("the simple {error, message} schema")
	case SchemaFile:
		return j.user, named("the --schema file")
	}
	if op, doc := p.Op, p.Op.ResponseFor(status); doc != nil && doc.Schema != nil {
		if s := j.compiled(doc.Schema); s != nil {
			return s, func() string { return fmt.Sprintf("the schema documented for %s %s", op.Key(), doc.Status) }
		}
	}
	if j.mode == SchemaSpec {
		return nil, nil
	}
	if mt == "application/problem+json" {
		return j.problem, problemName
	}
	return j.lenient, lenientName
}

func problemName() string { return "the RFC 9457 problem schema" }

func lenientName() string {
	return "errprobe's lenient error schema (a JSON object with detail, title, message or error)"
}

func (j *Judge) compiled(s *openapi.Schema) *schemas.Schema {
	j.mu.Lock()
	defer j.mu.Unlock()
	if c, ok := j.cache[s]; ok {
		return c
	}
	c, err := schemas.FromValue("response", openapi.JSONSchema(s))
	if err != nil {
		c = nil // a schema errprobe cannot compile is not the API's fault
	}
	j.cache[s] = c
	return c
}

func numericStatus(v any) (int, bool) {
	switch x := v.(type) {
	case json.Number:
		n, err := strconv.Atoi(x.String())
		return n, err == nil
	case string:
		n, err := strconv.Atoi(x)
		return n, err == nil && n >= 100 && n <= 599
	}
	return 0, false
}

func statusList(s []int) string {
	parts := make([]string, len(s))
	for i, n := range s {
		parts[i] = strconv.Itoa(n)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

func describeType(ct string) string {
	if ct == "" {
		return ""
	}
	return " (Content-Type " + ct + ")"
}

func describeBody(ct string, body []byte) string {
	low := bytes.ToLower(body[:min(len(body), 512)])
	kind := ct
	if kind == "" {
		kind = "without a Content-Type"
	}
	if bytes.Contains(low, []byte("<html")) || bytes.Contains(low, []byte("<!doctype html")) {
		return "an HTML page (" + kind + ")"
	}
	return kind
}

func pointerOrRoot(p string) string {
	if p == "" {
		return "the root"
	}
	return p
}

func jsonErr(err error) string {
	if err == nil || err == errTrailing {
		return "trailing data after the JSON value"
	}
	return err.Error()
}

// missingMethods returns the declared methods an Allow header leaves out.
func missingMethods(allow, declared []string) []string {
	have := map[string]bool{}
	for _, line := range allow {
		for _, m := range strings.Split(line, ",") {
			have[strings.ToUpper(strings.TrimSpace(m))] = true
		}
	}
	var out []string
	for _, m := range declared {
		if !have[strings.ToUpper(m)] {
			out = append(out, m)
		}
	}
	return out
}
