package checks

import (
	"fmt"
	"mime"
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/schemas"
)

// The body rules judge an error response's body (Exchange.ErrorBody):
// readable, JSON, in the error schema in force, its status member.

// checkContentType: an empty body, a body that is not JSON, or not
// problem+json under --schema problem.
func checkContentType(c *collector, x *Exchange) {
	if !x.ErrorBody {
		return
	}
	p, r := x.Probe, x.Response
	switch {
	case x.Empty:
		if c.add("", "error response has an empty body%s; clients get no explanation", describeType(x.ContentType)) && documentsNoBody(p, r.Status) {
			// The description itself promises no body for this status: the
			// server keeps the contract, the contract is what is thin.
			last := c.last()
			if _, set := c.j.severity[RuleContentType]; !set {
				last.Severity = min(last.Severity, SeverityWarning)
			}
			last.Message += fmt.Sprintf(" (the description documents %d for %s with no body)", r.Status, p.Op.Key())
		}
	case !x.JSON:
		c.add("", "error body is %s, not JSON (application/json or application/problem+json)", describeBody(x.ContentType, r.Body))
	case c.j.mode == SchemaProblem && x.MediaType != problemMediaType:
		c.add("", "error body is %s; --schema problem expects application/problem+json (RFC 9457 §3)", x.MediaType)
	}
}

// checkBodyJSON: a body labelled JSON that is not.
func checkBodyJSON(c *collector, x *Exchange) {
	switch {
	case !x.JSON:
	case x.BadUTF8:
		c.add("", "body declared as %s is not valid JSON: it is not valid UTF-8 (RFC 8259 §8.1)", x.MediaType)
	case x.DocErr != nil && x.Response.Truncated:
		c.add("", "error body exceeds the %d-byte cap and could not be parsed", len(x.Response.Body))
	case x.DocErr != nil:
		c.add("", "body declared as %s is not valid JSON: %v", x.MediaType, jsonErr(x.DocErr))
	}
}

// schemaReported is how many of the schema's failures error-schema reports:
// the first few tell the story.
const schemaReported = 3

// checkSchema: the body against the error schema in force.
func checkSchema(c *collector, x *Exchange) {
	if !x.Decoded() {
		return
	}
	for _, f := range x.Failures[:min(len(x.Failures), schemaReported)] {
		c.add(f.Pointer, "body does not match %s at %s: %s", x.Name, f.Where("the root"), f.Message)
	}
}

// checkStatusMember: a numeric body status unlike the HTTP status.
func checkStatusMember(c *collector, x *Exchange) {
	if obj := x.Object(); obj != nil {
		if n, ok := numericStatus(obj["status"]); ok && n != x.Response.Status {
			c.add("/status", "body status member is %d but the HTTP status is %d", n, x.Response.Status)
		}
	}
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
