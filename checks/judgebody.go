package checks

import (
	"bytes"
	"cmp"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/schemas"
)

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
	mt := mediaType(ct)
	if len(bytes.TrimSpace(r.Body)) == 0 {
		view.setShape(ShapeEmpty)
		add(RuleContentType, "", "error response has an empty body%s; clients get no explanation", describeType(ct))
		if documentsNoBody(p, r.Status) && len(v) > 0 {
			// The description itself promises no body for this status: the
			// server keeps the contract, the contract is what is thin.
			if _, set := j.severity[RuleContentType]; !set {
				v[len(v)-1].Severity = min(v[len(v)-1].Severity, SeverityWarning)
			}
			v[len(v)-1].Message += fmt.Sprintf(" (the description documents %d for %s with no body)", r.Status, p.Op.Key())
		}
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
			if doc, err := schemas.DecodeJSON(r.Body); err != nil {
				view.setShape(ShapeInvalidJSON)
			} else {
				j.viewJSON(view, p, r.Status, mt, doc, nil, nil)
				view.detach()
			}
		}
		return v
	}
	doc, err := schemas.DecodeJSON(r.Body)
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
			add(RuleSchema, f.Pointer, "body does not match %s at %s: %s", name, f.Where("the root"), f.Message)
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
		view.detach()
	}
	return v
}

// detach copies the strings a view keeps from the body: schemas.DecodeJSON's
// strings share the body's memory, which a run's views must not pin.
func (v *RunView) detach() {
	v.ProblemType, v.ProblemTitle = strings.Clone(v.ProblemType), strings.Clone(v.ProblemTitle)
}

// mediaType is mime.ParseMediaType's media type, without its allocations
// for the common case: a lower-case type/subtype and no parameters, which
// it returns unchanged.
func mediaType(ct string) string {
	slash := strings.IndexByte(ct, '/')
	if slash <= 0 || slash == len(ct)-1 {
		return parseMediaType(ct)
	}
	for i := 0; i < len(ct); i++ {
		if c := ct[i]; i != slash && !isLowerTokenByte(c) {
			return parseMediaType(ct)
		}
	}
	return ct
}

func parseMediaType(ct string) string {
	mt, _, _ := mime.ParseMediaType(ct)
	return mt
}

// isLowerTokenByte reports whether c is an RFC 2045 token byte that is not
// an upper-case letter.
func isLowerTokenByte(c byte) bool {
	return c > ' ' && c < 0x7f && !(c >= 'A' && c <= 'Z') && !strings.ContainsRune(`()<>@,;:\"/[]?=`, rune(c))
}

// schemaName names the schema in force in messages. It is a value, not a
// string: most bodies validate, and the name is then never built.
type schemaName struct {
	fixed  string
	op     *openapi.Operation
	status string // of the documented response, for op
}

// String renders the name.
func (n schemaName) String() string {
	if n.op != nil {
		return fmt.Sprintf("the schema documented for %s %s", n.op.Key(), n.status)
	}
	return n.fixed
}

const (
	problemName = "the RFC 9457 problem schema"
	lenientName = "errprobe's lenient error schema (a JSON object with detail, title, message or error)"
)

// schemaFor picks the schema in force and its name.
func (j *Judge) schemaFor(p Probe, status int, mt string) (*schemas.Schema, schemaName) {
	switch j.mode {
	case SchemaProblem:
		return j.problem, schemaName{fixed: problemName}
	case SchemaSimple:
		return j.simple, schemaName{fixed: "the simple {error, message} schema"}
	case SchemaFile:
		return j.user, schemaName{fixed: "the --schema file"}
	}
	if doc := p.Op.ResponseFor(status); doc != nil && doc.Schema != nil {
		if s := j.compiled(doc.Schema); s != nil {
			return s, schemaName{op: p.Op, status: doc.Status}
		}
	}
	if j.mode == SchemaSpec {
		return nil, schemaName{}
	}
	if mt == "application/problem+json" {
		return j.problem, schemaName{fixed: problemName}
	}
	return j.lenient, schemaName{fixed: lenientName}
}

// compiled returns the compiled form of a description's schema, nil when
// errprobe cannot compile it. Many goroutines call it a few times per
// response; after a schema's first call they only read.
func (j *Judge) compiled(s *openapi.Schema) *schemas.Schema {
	if c, ok := j.cache.Load(s); ok {
		return c.(*schemas.Schema)
	}
	j.compileMu.Lock()
	defer j.compileMu.Unlock()
	if c, ok := j.cache.Load(s); ok {
		return c.(*schemas.Schema) // compiled while this call waited
	}
	c, err := schemas.FromValue("response", openapi.JSONSchema(s))
	if err != nil {
		c = nil // a schema errprobe cannot compile is not the API's fault
	}
	j.cache.Store(s, c)
	return c
}

// documentsNoBody reports whether the operation documents status by its
// exact code with no content at all.
func documentsNoBody(p Probe, status int) bool {
	if p.Op == nil {
		return false
	}
	resp := p.Op.Response(fmt.Sprint(status))
	return resp != nil && len(resp.MediaTypes) == 0 && resp.Schema == nil
}
