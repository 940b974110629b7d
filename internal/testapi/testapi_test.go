package testapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

func TestSpecParses(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Parse(context.Background(), "openapi.yaml", Spec(), openapi.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(spec.Warnings) > 0 {
		t.Errorf("warnings: %v", spec.Warnings)
	}
	if got := len(spec.Operations); got != 5 {
		t.Errorf("%d operations, want 5", got)
	}
	in := map[string]bool{}
	for _, op := range spec.Operations {
		for _, p := range op.Parameters {
			in[p.In] = true
		}
	}
	for _, want := range []string{"path", "query", "header", "cookie"} {
		if !in[want] {
			t.Errorf("no %s parameter: the description must exercise every location", want)
		}
	}
}

// TestRoutesMatchSpec checks the fake serves exactly the description's
// paths: each declared method is routed and a 405 lists the declared ones.
func TestRoutesMatchSpec(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Parse(context.Background(), "openapi.yaml", Spec(), openapi.Options{})
	if err != nil {
		t.Fatal(err)
	}
	api := New(Options{})
	for _, p := range spec.Paths {
		path := strings.ReplaceAll(p.Template, "{bookId}", "1")
		for _, m := range p.Methods {
			if st := serve(api, m, path, nil).Code; st == http.StatusNotFound || st == http.StatusMethodNotAllowed {
				t.Errorf("%s %s: %d, want the operation routed", m, path, st)
			}
		}
		rec := serve(api, "TRACE", path, nil)
		if want := strings.Join(p.Methods, ", "); rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != want {
			t.Errorf("TRACE %s: %d Allow %q, want 405 Allow %q", path, rec.Code, rec.Header().Get("Allow"), want)
		}
	}
	if st := serve(api, "GET", "/nowhere", nil).Code; st != http.StatusNotFound {
		t.Errorf("GET /nowhere: %d, want 404", st)
	}
}

func TestModeNames(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, m := range Modes() {
		if s := m.String(); seen[s] || strings.HasPrefix(s, "Mode(") {
			t.Errorf("mode %d has name %q, duplicate or missing", int(m), s)
		}
		seen[m.String()] = true
	}
}

func TestRecordsConcurrently(t *testing.T) {
	t.Parallel()
	api := New(Options{})
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			h := http.Header{"Authorization": {"Bearer " + AdminToken}, "X-N": {strings.Repeat("n", i)}}
			serve(api, "POST", "/books?x=1", h)
		})
	}
	wg.Wait()
	if api.Count() != 20 {
		t.Fatalf("Count() = %d, want 20", api.Count())
	}
	reqs := api.Requests()
	reqs[0].Header.Set("X-N", "changed")
	reqs[0].Query.Set("x", "changed")
	if got := api.Requests()[0]; got.Header.Get("X-N") == "changed" || got.Query.Get("x") != "1" || got.Method != "POST" {
		t.Errorf("Requests() shares state with the record: %+v", got)
	}
}

func serve(api *API, method, target string, h http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for k, vs := range h {
		req.Header[k] = vs
	}
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, req)
	return rec
}
