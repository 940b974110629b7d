package checks

import (
	"bytes"
	"encoding/json"
	"math"
	"mime"
	"net/http"
	"reflect"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

// referenceView is View as it was before it shared the judge's decode and
// validation: its own decode, its own schema check. The tests below
// require the shared path to agree with it.
func referenceView(j *Judge, res Result) RunView {
	r := res.Response
	if r == nil || res.Err != nil || res.Skipped || r.Status < 400 || res.Probe.Request.Method == http.MethodHead {
		return RunView{}
	}
	p := res.Probe
	v := RunView{ProbeID: p.ID, CheckID: p.CheckID, Family: p.Family, Op: p.Op.Key(), Router: routerProbe(p), Status: r.Status}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case len(bytes.TrimSpace(r.Body)) == 0:
		v.Shape = ShapeEmpty
		return v
	case mt == "":
		v.Shape = ShapeUntyped
		return v
	case !openapi.IsJSONMediaType(mt):
		v.Shape = mt
		return v
	}
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil || dec.More() {
		v.Shape = ShapeInvalidJSON
		return v
	}
	v.Shape = shapeOf(mt, doc)
	v.Style = styleOf(doc)
	if obj, ok := doc.(map[string]any); ok && isProblem(mt, obj) {
		v.ProblemType, _ = obj["type"].(string)
		v.ProblemTitle, _ = obj["title"].(string)
	}
	v.Documented = j.documentedShape(p.Op, r.Status, doc)
	return v
}

// viewOps are operations documenting error schemas in different ways: for
// the exact status, for a range, for another status only, not at all.
func viewOps() []*openapi.Operation {
	simple := &openapi.Schema{Types: []string{"object"}, Required: []string{"error"},
		Properties: map[string]*openapi.Schema{"error": {Types: []string{"string"}}}}
	problem := &openapi.Schema{Types: []string{"object"}, Required: []string{"title"},
		Properties: map[string]*openapi.Schema{"title": {Types: []string{"string"}}, "status": {Types: []string{"integer"}}}}
	return []*openapi.Operation{
		{Method: "GET", Path: "/a", Responses: []*openapi.Response{{Status: "400", Schema: simple}, {Status: "404", Schema: problem}}},
		{Method: "GET", Path: "/b", Responses: []*openapi.Response{{Status: "4XX", Schema: problem}}},
		{Method: "GET", Path: "/c", Responses: []*openapi.Response{{Status: "409", Schema: simple}, {Status: "200"}}},
		{Method: "GET", Path: "/d", Responses: []*openapi.Response{{Status: "400"}}},
		{Method: "GET", Path: "/e"},
	}
}

// checkViews requires JudgeView and View to agree with referenceView and
// JudgeView's violations to equal Judge's, for every mode and operation.
func checkViews(t *testing.T, judges []*Judge, status int, method, ct string, body []byte) {
	t.Helper()
	h := http.Header{}
	if ct != "" {
		h.Set("Content-Type", ct)
	}
	for _, op := range viewOps() {
		for _, fam := range []Family{FamilyMalformed, FamilyUnknown} {
			p := Probe{ID: "p", CheckID: "c", Family: fam, Op: op, Request: Request{Method: method, Path: op.Path}, Expect: Expectation{Statuses: []int{400}}}
			res := Result{Probe: p, Response: &Response{Status: status, Header: h, Body: body}}
			for _, j := range judges {
				want := referenceView(j, res)
				if got := j.View(res); got != want {
					t.Fatalf("%s %s %d %q %q: View = %+v, want %+v", j.mode, op.Path, status, ct, body, got, want)
				}
				vs, got := j.JudgeView(p, res.Response)
				if got != want && (want.Shape != "" || got.Shape != "") {
					t.Fatalf("%s %s %d %q %q: JudgeView view = %+v, want %+v", j.mode, op.Path, status, ct, body, got, want)
				}
				if plain := j.Judge(p, res.Response); !reflect.DeepEqual(vs, plain) {
					t.Fatalf("JudgeView violations %v, Judge %v", vs, plain)
				}
			}
		}
	}
}

func viewJudges(t testing.TB) []*Judge {
	var out []*Judge
	for _, m := range []SchemaMode{SchemaAuto, SchemaProblem, SchemaSimple, SchemaSpec} {
		j, err := NewJudge(m, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		j.styleLeft.Store(math.MaxInt64) // these tests judge far more than a run's sample
		out = append(out, j)
	}
	return out
}

func TestViewMatchesReference(t *testing.T) {
	t.Parallel()
	judges := viewJudges(t)
	bodies := []string{"", " ", `{`, `{} {}`, `{}`, `[]`, `1`, `"x"`, `null`, `{"error":"x"}`, `{"error":1}`,
		`{"title":"T","status":404}`, `{"type":"about:blank","title":"T"}`, `{"message":"m","error":"e"}`,
		"{\"error\":\"\xff\"}", "\xef\xbb\xbf{}", `<html>`, `{"detail":"d","status":"400"}`}
	for _, status := range []int{200, 400, 404, 409, 422, 500} {
		for _, ct := range []string{"", "application/json", "application/problem+json", "text/plain", "application/vnd.x+json; charset=utf-8", "bad;;"} {
			for _, m := range []string{"GET", "HEAD"} {
				for _, b := range bodies {
					checkViews(t, judges, status, m, ct, []byte(b))
				}
			}
		}
	}
}

func FuzzViewMatchesReference(f *testing.F) {
	f.Add(400, "application/json", []byte(`{"error":"x"}`))
	f.Add(404, "application/problem+json", []byte(`{"title":"T","status":404,"type":"x"}`))
	f.Add(409, "application/json", []byte(`{"error":"\xff"}`))
	f.Add(500, "text/html", []byte(`<html>`))
	judges := viewJudges(f)
	f.Fuzz(func(t *testing.T, status int, ct string, body []byte) {
		checkViews(t, judges, status, "GET", ct, body)
	})
}
