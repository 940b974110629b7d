package checks

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

// typicalProblem is a ~200-byte RFC 9457 problem document, the answer to
// most probes of a well-behaved API.
const typicalProblem = `{"type":"https://example.com/problems/validation","title":"Bad Request",` +
	`"status":400,"detail":"The request could not be understood: a parameter is missing or malformed.",` +
	`"instance":"/bench"}`

// benchProbe is a malformed-body probe of an operation that documents a
// problem+json 400 with a schema, so the spec schema path is exercised.
func benchProbe() Probe {
	str := &openapi.Schema{Types: []string{"string"}}
	problem := &openapi.Schema{
		Types:      []string{"object"},
		Properties: map[string]*openapi.Schema{"type": str, "title": str, "detail": str, "instance": str, "status": {Types: []string{"integer"}}},
		Required:   []string{"title", "status"},
	}
	op := &openapi.Operation{Method: http.MethodPost, Path: "/pets", Responses: []*openapi.Response{
		{Status: "400", MediaTypes: []string{"application/problem+json"}, Schema: problem},
	}}
	return Probe{ID: "malformed-json:POST /pets", CheckID: "malformed-json", Op: op,
		Request: Request{Method: http.MethodPost, Path: "/pets"}, Expect: Expectation{Statuses: []int{400}}}
}

func benchJudge(b *testing.B, body []byte) { benchJudgeWith(b, body, false) }

// benchJudgeWith measures Judge, or with view JudgeView, the engine's call.
func benchJudgeWith(b *testing.B, body []byte, view bool) {
	j, err := NewJudge(SchemaAuto, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	p := benchProbe()
	r := &Response{Status: 400, Header: http.Header{
		"Content-Type": {"application/problem+json"}, "X-Content-Type-Options": {"nosniff"},
	}, Body: body}
	if v := j.Judge(p, r); len(v) != 0 {
		b.Fatalf("benchmark response has violations: %+v", v)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if view {
			j.JudgeView(p, r)
		} else {
			j.Judge(p, r)
		}
	}
}

// BenchmarkJudgeTypical judges a typical ~200-byte problem+json 400.
func BenchmarkJudgeTypical(b *testing.B) { benchJudge(b, []byte(typicalProblem)) }

// BenchmarkJudgeViewTypical is BenchmarkJudgeTypical through JudgeView,
// which also builds the run-level record, as the engine does.
func BenchmarkJudgeViewTypical(b *testing.B) { benchJudgeWith(b, []byte(typicalProblem), true) }

// BenchmarkJudgeParallel judges typical responses from GOMAXPROCS
// goroutines sharing one judge, as the engine's workers do.
func BenchmarkJudgeParallel(b *testing.B) {
	j, err := NewJudge(SchemaAuto, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	p := benchProbe()
	r := &Response{Status: 400, Header: http.Header{
		"Content-Type": {"application/problem+json"}, "X-Content-Type-Options": {"nosniff"},
	}, Body: []byte(typicalProblem)}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			j.JudgeView(p, r)
		}
	})
}

// BenchmarkJudgeLarge judges a 1 MiB problem+json 400 (a long detail
// string): JSON decode, schema validation and the leak scan over 1 MiB.
func BenchmarkJudgeLarge(b *testing.B) {
	var body bytes.Buffer
	body.WriteString(`{"title":"Bad Request","status":400,"detail":"`)
	filler := []byte("The request could not be understood. ")
	for body.Len() < 1<<20-64 {
		body.Write(filler)
	}
	body.WriteString(`"}`)
	benchJudge(b, body.Bytes())
}
