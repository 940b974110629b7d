package checks

import (
	"bytes"
	"cmp"
	"net/http"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/schemas"
)

// Exchange is one probe and its answer, decoded once for every rule: the
// media type, the JSON document, the error schema in force and what it
// found wrong.
type Exchange struct {
	Probe    Probe
	Response *Response

	// ErrorBody is set when the body is judged: an error status (4xx, 5xx)
	// to a method that carries a body back (not HEAD). The fields below are
	// set only then.
	ErrorBody bool
	// ContentType is the Content-Type header; MediaType its media type.
	ContentType, MediaType string
	// Empty is set for a body of nothing or white space.
	Empty bool
	// JSON is set when the media type is a JSON one.
	JSON bool
	// BadUTF8 is set for a JSON body, not cut by the cap, that is not UTF-8.
	BadUTF8 bool
	// Doc is the decoded JSON body, DocErr why it does not decode.
	Doc    any
	DocErr error
	// Schema is the error schema in force (nil when there is none), Name
	// how messages call it and Failures what it found wrong in Doc.
	Schema   *schemas.Schema
	Name     schemaName
	Failures []schemas.Failure
	// Problem is the body when it is an RFC 9457 problem details object.
	Problem map[string]any
}

// judging is the state of judging one exchange; judgings are recycled,
// since the rules' checks are function values that every pointer escapes to.
type judging struct {
	x Exchange
	c collector
}

var judgings = sync.Pool{New: func() any { return new(judging) }}

// exchange decodes what the rules need of one answer into a recycled
// judging; release returns it.
func (j *Judge) exchange(p Probe, r *Response) *judging {
	g := judgings.Get().(*judging)
	g.x = Exchange{Probe: p, Response: r, ErrorBody: r.Status >= 400 && p.Request.Method != http.MethodHead}
	g.c = collector{j: j, check: p.CheckID}
	j.decode(&g.x)
	return g
}

// release recycles a judging; nothing it holds may be used afterwards.
// It drops what the judging holds of the answer and the violations, which
// belong to the caller now; the probe's copy is the plan's, and the next
// exchange overwrites it (clearing it costs as much again).
func (g *judging) release() {
	g.x.Response, g.x.Doc, g.x.DocErr, g.x.Failures, g.x.Problem = nil, nil, nil, nil, nil
	g.c.v = nil
	judgings.Put(g)
}

// decode fills an exchange's body fields.
func (j *Judge) decode(x *Exchange) {
	p, r := x.Probe, x.Response
	if !x.ErrorBody {
		return
	}
	x.ContentType = r.Header.Get("Content-Type")
	x.MediaType = mediaType(x.ContentType)
	x.Empty = len(bytes.TrimSpace(r.Body)) == 0
	x.JSON = !x.Empty && openapi.IsJSONMediaType(x.MediaType)
	if !x.JSON {
		return
	}
	if x.BadUTF8 = !r.Truncated && !utf8.Valid(r.Body); x.BadUTF8 {
		return // judged as not JSON; decoded only for the run-level view
	}
	if x.Doc, x.DocErr = schemas.DecodeJSON(r.Body); x.DocErr != nil {
		return
	}
	if x.Schema, x.Name = j.schemaFor(p, r.Status, x.MediaType); x.Schema != nil {
		x.Failures = x.Schema.Validate(x.Doc)
	}
	if obj, ok := x.Doc.(map[string]any); ok && isProblem(x.MediaType, obj) {
		x.Problem = obj
	}
}

// Decoded reports whether the body is a JSON document the rules can read.
func (x *Exchange) Decoded() bool { return x.JSON && !x.BadUTF8 && x.DocErr == nil }

// Object returns the body as a JSON object, or nil.
func (x *Exchange) Object() map[string]any {
	if !x.Decoded() {
		return nil
	}
	obj, _ := x.Doc.(map[string]any)
	return obj
}

// view returns the exchange's run-level record, or a zero RunView when
// its body is not judged.
func (j *Judge) view(x *Exchange) RunView {
	if !x.ErrorBody {
		return RunView{}
	}
	v := newView(x.Probe, x.Response)
	switch {
	case x.Empty:
		v.Shape = ShapeEmpty
	case !x.JSON:
		v.Shape = cmp.Or(x.MediaType, ShapeUntyped)
	case x.BadUTF8:
		doc, err := schemas.DecodeJSON(x.Response.Body)
		if err != nil {
			v.Shape = ShapeInvalidJSON
			break
		}
		j.viewJSON(&v, x.Probe, x.Response.Status, x.MediaType, doc, nil, nil)
		v.detach()
	case x.DocErr != nil:
		v.Shape = ShapeInvalidJSON
	default:
		j.viewJSON(&v, x.Probe, x.Response.Status, x.MediaType, x.Doc, x.Schema, x.Failures)
		v.detach()
	}
	return v
}

// detach copies the strings a view keeps from the body: DecodeJSON's
// strings share the body's memory, which a run's views must not pin.
func (v *RunView) detach() {
	v.ProblemType, v.ProblemTitle = strings.Clone(v.ProblemType), strings.Clone(v.ProblemTitle)
}
