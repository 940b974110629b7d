package checks

import (
	"net/http"
	"reflect"
	"testing"
)

func TestSharer(t *testing.T) {
	t.Parallel()
	req := func(h http.Header, body string) Probe {
		var b []byte
		if body != "" {
			b = []byte(body)
		}
		return Probe{Request: Request{Method: "POST", Path: "/x", Header: h, Body: b}}
	}
	json := func() http.Header {
		return http.Header{"Accept": {"application/json"}, "Content-Type": {"application/json"}}
	}
	probes := []Probe{
		req(json(), `[[[]]]`),
		req(json(), `[[[]]]`),
		req(http.Header{"Accept": {"application/json"}, "Content-Type": {"text/plain"}}, `[[[]]]`),
		req(http.Header{"Accept": {"application/json", "text/plain"}}, `{}`),
		req(http.Header{"Accept": {"application/json"}}, `{}`),
		req(nil, ""),
	}
	want := make([]Probe, len(probes))
	for i, p := range probes {
		want[i] = p
		want[i].Request.Header = p.Request.Header.Clone()
		want[i].Request.Body = append([]byte(nil), p.Request.Body...)
		if p.Request.Body == nil {
			want[i].Request.Body = nil
		}
	}
	newSharer().share(probes)
	if !reflect.DeepEqual(probes, want) {
		t.Fatalf("sharing changed the plan:\n%+v\nwant\n%+v", probes, want)
	}
	same := func(a, b int) bool {
		return reflect.ValueOf(probes[a].Request.Header).UnsafePointer() == reflect.ValueOf(probes[b].Request.Header).UnsafePointer()
	}
	sameBody := func(a, b int) bool { return &probes[a].Request.Body[0] == &probes[b].Request.Body[0] }
	for _, tc := range []struct {
		a, b       int
		header, bd bool
	}{
		{0, 1, true, true},
		{0, 2, false, true},
		{3, 4, false, true},
	} {
		if got := same(tc.a, tc.b); got != tc.header {
			t.Errorf("probes %d and %d share headers: %v, want %v", tc.a, tc.b, got, tc.header)
		}
		if got := sameBody(tc.a, tc.b); got != tc.bd {
			t.Errorf("probes %d and %d share the body: %v, want %v", tc.a, tc.b, got, tc.bd)
		}
	}
}
