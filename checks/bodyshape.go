package checks

import (
	"fmt"
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
)

type bodyShape struct{}

func (bodyShape) Meta() Meta {
	return Meta{ID: "malformed-body-shape", Family: FamilyMalformed, Title: "Body of the wrong overall shape",
		Description: "Replaces the whole JSON body: empty, {} (where properties are required or the body is an array), [] (for an object, or an array with minItems), null, the valid object wrapped in an array, invalid UTF-8, a 400-digit number, arrays nested 2,000 deep. Each is a client mistake the parser or validator must turn into 400 or 422 (RFC 9110 §15.5.1, RFC 8259), never a 5xx. Where the schema admits an empty value ({} requiring nothing, [] without minItems), accepting an empty or null body is a warning: decoders read it as that valid value."}
}

// shapeVariant is one whole-body replacement.
type shapeVariant struct {
	id, what string
	cap      Severity // RFC 8259 lets parsers accept these
	body     func(sample []byte) []byte
	applies  func(s *openapi.Schema) bool
}

var shapeVariants = []shapeVariant{
	{"empty", "an empty body", 0, func([]byte) []byte { return []byte{} }, nil},
	{"empty-object", "{}", 0, func([]byte) []byte { return []byte("{}") }, func(s *openapi.Schema) bool { return len(s.Merged().Required) > 0 || isArray(s) }},
	{"empty-array", "[]", 0, func([]byte) []byte { return []byte("[]") }, func(s *openapi.Schema) bool { return isObject(s) || isArray(s) && s.Merged().MinItems > 0 }},
	{"null", "null", 0, func([]byte) []byte { return []byte("null") }, func(s *openapi.Schema) bool { return !s.Nullable() }},
	{"wrapped-in-array", "the valid body wrapped in an array", 0, func(b []byte) []byte { return append(append([]byte("["), b...), ']') }, isObject},
	{"invalid-utf8", "a string with invalid UTF-8 in a field", SeverityWarning, func(b []byte) []byte { return intoField(b, []byte("\"\xff\xfe\xfd\""), isString) }, nil},
	{"huge-number", "a 400-digit number in a field", SeverityWarning, func(b []byte) []byte {
		return intoField(b, []byte("1"+strings.Repeat("0", 400)), isNumber)
	}, nil},
	{"deep-nesting", "arrays nested 2,000 deep", 0, func([]byte) []byte {
		return []byte(strings.Repeat("[", 2000) + strings.Repeat("]", 2000))
	}, nil},
}

// acceptAsEmpty caps a 2xx answer to an absent, empty or null body at a
// warning when the schema admits an empty value ({} with no required
// property, [] with no minItems): many decoders (proto3 JSON, Go's
// encoding/json) read such a body as that empty value, which is valid.
func acceptAsEmpty(exp *Expectation, s *openapi.Schema) {
	if s == nil {
		return
	}
	m := s.Merged()
	switch {
	case m.Type() == "object" && len(m.Required) == 0:
		exp.AcceptedWhy = "the body schema requires no property, so the server may read this as {}, a valid body"
	case m.Type() == "array" && m.MinItems == 0:
		exp.AcceptedWhy = "the body schema admits [], so the server may read this as an empty list, a valid body"
	default:
		return
	}
	exp.AcceptedCap = SeverityWarning
}

func isObject(s *openapi.Schema) bool { return s.Merged().Type() == "object" }

// untyped reports whether a schema's type is only inferred (from
// properties or items): JSON Schema applies those keywords to values of
// their type alone, so a value of another type is valid.
func untyped(s *openapi.Schema) bool { return len(s.Merged().Types) == 0 }

const untypedWhy = "the schema declares no type, so JSON Schema admits a value of any type"

func isArray(s *openapi.Schema) bool { return s.Merged().Type() == "array" }

func (c bodyShape) Probes(g *Gen) []Probe {
	return eachJSONBody(g, func(op *openapi.Operation) []Probe {
		s := op.Body.Schema
		if s == nil {
			s = &openapi.Schema{}
		}
		var out []Probe
		for _, v := range shapeVariants {
			if v.applies != nil && !v.applies(s) {
				continue
			}
			if v.id == "empty" && !op.Body.Required {
				continue // an optional body may be empty
			}
			b := g.newBuild(op)
			b.body = v.body(b.body)
			exp := expect(op, classValidation)
			exp.Cap = v.cap
			if v.id == "empty" || v.id == "null" {
				acceptAsEmpty(&exp, s)
			}
			if untyped(s) && (v.id == "empty-object" || v.id == "empty-array" || v.id == "wrapped-in-array") {
				exp.AcceptedCap, exp.AcceptedWhy = SeverityWarning, untypedWhy
			}
			out = append(out, probe(c, op, v.id, fmt.Sprintf("send %s as the body", v.what), b.request(""), exp))
		}
		return out
	})
}

type missingContentType struct{}

func (missingContentType) Meta() Meta {
	return Meta{ID: "missing-content-type", Family: FamilyMissing, Title: "Body without Content-Type", Severity: SeverityWarning,
		Description: "Sends the valid JSON body without a Content-Type header. RFC 9110 §8.3 lets the server examine the data instead, so accepting it is a warning; a 5xx or a leak is still an error."}
}

func (c missingContentType) Probes(g *Gen) []Probe {
	return eachJSONBody(g, func(op *openapi.Operation) []Probe {
		b := g.newBuild(op)
		b.ctype = ""
		return []Probe{probe(c, op, "", "send the JSON body without a Content-Type header", b.request(""), expect(op, classContentType))}
	})
}

type unsupportedAccept struct{}

func (unsupportedAccept) Meta() Meta {
	return Meta{ID: "malformed-accept", Family: FamilyMalformed, Title: "Unsatisfiable Accept", Severity: SeverityInfo,
		Description: "Asks for a media type the operation never produces (Accept: application/x-errprobe-unsupported). RFC 9110 §12.5.1 lets a server answer 406 or ignore the header, so findings are informational."}
}

func (c unsupportedAccept) Probes(g *Gen) []Probe {
	var out []Probe
	for _, op := range g.Spec.Operations {
		if op.Method != "GET" || !declaresMedia(op) {
			continue
		}
		b := g.newBuild(op)
		b.header.Set("Accept", "application/x-errprobe-unsupported")
		exp := expect(op, classValidation)
		exp.Statuses = []int{406}
		out = append(out, probe(c, op, "", "ask for Accept: application/x-errprobe-unsupported", b.request(""), exp))
	}
	return out
}

func declaresMedia(op *openapi.Operation) bool {
	for _, r := range op.Responses {
		if strings.HasPrefix(r.Status, "2") && len(r.MediaTypes) > 0 {
			return true
		}
	}
	return false
}
