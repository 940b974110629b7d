package checks

import (
	"net/http"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

func TestJudgeAllowHeader(t *testing.T) {
	t.Parallel()
	j, err := NewJudge(SchemaAuto, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := Probe{CheckID: "method-not-allowed", Op: &openapi.Operation{Method: "PATCH", Path: "/items"},
		Request: Request{Method: "PATCH", Path: "/items"},
		Expect:  Expectation{Statuses: []int{405}, Allow: []string{"GET", "POST"}}}
	tests := []struct {
		name  string
		allow []string
		want  bool // an allow-header violation
	}{
		{"all declared methods", []string{"GET, POST"}, false},
		{"extra HEAD and OPTIONS, lower case", []string{"get, head, options, post"}, false},
		{"split over two fields", []string{"GET", "POST"}, false},
		{"no Allow", nil, true},
		{"empty Allow", []string{" "}, true},
		{"one declared method left out", []string{"GET"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := http.Header{"Content-Type": {"application/json"}}
			for _, a := range tt.allow {
				h.Add("Allow", a)
			}
			v := j.Judge(p, &Response{Status: 405, Header: h, Body: []byte(`{"detail":"Method Not Allowed"}`)})
			got := false
			for _, x := range v {
				got = got || x.Rule == RuleAllowHeader
			}
			if got != tt.want {
				t.Errorf("Allow %q: allow-header violation = %v, want %v (violations %+v)", tt.allow, got, tt.want, v)
			}
		})
	}
}
