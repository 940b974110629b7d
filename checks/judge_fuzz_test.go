package checks

import (
	"net/http"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

// FuzzJudge: judging any status, headers and body never panics, and a body
// that is not valid JSON on an error status is always a finding.
func FuzzJudge(f *testing.F) {
	f.Add(400, "application/json", "Allow", "GET", []byte(`{"error":"x"}`))
	f.Add(500, "application/problem+json", "WWW-Authenticate", "", []byte("\xef\xbb\xbf{\"status\":\"500\"}"))
	f.Add(404, "text/html; charset=utf-8", "X-A", "\x00", []byte("<html>Traceback (most recent call last):"))
	f.Add(401, "application/json; charset=klingon", "Content-Type", "", []byte("[[[[[[[[[[[[[["))
	// math/big refuses this number; the schema validator used to panic on it.
	f.Add(400, "application/problem+json", "X-A", "", []byte(`{"title":"Bad Request","status":1e10000000}`))
	f.Add(400, "application/json", "X-A", "", []byte(`{"error":"x","message":"\u00e9\ud83d\ude00","status":400.0}`))
	judges := map[SchemaMode]*Judge{}
	for _, m := range []SchemaMode{SchemaAuto, SchemaProblem, SchemaSimple, SchemaSpec} {
		j, err := NewJudge(m, nil, nil)
		if err != nil {
			f.Fatal(err)
		}
		judges[m] = j
	}
	op := &openapi.Operation{Method: "GET", Path: "/x", Responses: []*openapi.Response{{Status: "4XX"}}}
	f.Fuzz(func(t *testing.T, status int, ct, hname, hvalue string, body []byte) {
		h := http.Header{}
		h.Set("Content-Type", ct)
		h[hname] = []string{hvalue}
		p := Probe{ID: "fuzz", CheckID: "fuzz", Op: op, Request: Request{Method: "GET", Path: "/x"}, Expect: Expectation{Statuses: []int{400}}}
		for _, j := range judges {
			for _, v := range j.Judge(p, &Response{Status: status, Header: h, Body: body}) {
				if v.Rule == "" || v.Message == "" {
					t.Fatalf("empty violation %+v", v)
				}
			}
		}
	})
}
