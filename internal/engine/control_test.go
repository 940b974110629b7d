package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/hostile"
	"github.com/errprobe/errprobe/internal/httpclient"
	"github.com/errprobe/errprobe/internal/openapi"
)

// opProbes returns, for each path, a control probe and n negative probes
// expecting 400, all on one operation per path.
func opProbes(n int, paths ...string) []checks.Probe {
	var out []checks.Probe
	for _, path := range paths {
		op := &openapi.Operation{Method: http.MethodPost, Path: path}
		out = append(out, checks.Probe{
			ID: "control:POST " + path, CheckID: checks.CheckControl, Family: checks.FamilyControl, Op: op,
			Request: checks.Request{Method: http.MethodPost, Path: path, Body: []byte(`{"ok":true}`)},
		})
		for i := range n {
			out = append(out, checks.Probe{
				ID: fmt.Sprintf("malformed-json-syntax:POST %s:%d", path, i), CheckID: "malformed-json-syntax", Family: checks.FamilyMalformed, Op: op,
				Request: checks.Request{Method: http.MethodPost, Path: path, Body: []byte("not json")},
				Expect:  checks.Expectation{Statuses: []int{400, 422}},
			})
		}
	}
	return out
}

// byID indexes results by probe ID.
func byID(rs []checks.Result) map[string]checks.Result {
	out := map[string]checks.Result{}
	for _, r := range rs {
		out[r.Probe.ID] = r
	}
	return out
}

// routes answers by path: each handler gets the valid body (valid) or not.
type routes map[string]func(w http.ResponseWriter, r *http.Request, valid bool)

func (rt routes) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, ok := rt[r.URL.Path]
	if !ok {
		hostile.Body(404, "application/json", []byte(`{"error":"not found"}`)).ServeHTTP(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body) // read whole, so the server notices a client that leaves
	h(w, r, strings.HasPrefix(string(body), "{"))
}

// silent reads the request and never answers until the client leaves.
func silent() http.Handler {
	s := hostile.Silent()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		s.ServeHTTP(w, r)
	})
}

func status(code int, body string) func(http.ResponseWriter, *http.Request, bool) {
	return func(w http.ResponseWriter, r *http.Request, valid bool) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(code)
		fmt.Fprint(w, body)
	}
}

// careful answers the valid body 201 and anything else 400.
func careful(w http.ResponseWriter, r *http.Request, valid bool) {
	if valid {
		status(201, `{}`)(w, r, valid)
		return
	}
	status(400, `{"error":"bad request","message":"body is not JSON","status":400}`)(w, r, valid)
}

// Controls go first, all of them, before any negative probe.
func TestControlsFirst(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var order []bool // true: a control (valid body)
	h := routes{}
	paths := []string{"/a", "/b", "/c", "/d", "/e", "/f"}
	for _, p := range paths {
		h[p] = func(w http.ResponseWriter, r *http.Request, valid bool) {
			mu.Lock()
			order = append(order, valid)
			mu.Unlock()
			careful(w, r, valid)
		}
	}
	_, base := target(t, h)
	e := newEngine(t, base, Options{Concurrency: 4}, httpclient.Options{})
	rs := collect(context.Background(), e, opProbes(3, paths...))
	if len(rs) != 24 || e.Err() != nil {
		t.Fatalf("%d results, err %v", len(rs), e.Err())
	}
	for i, valid := range order {
		if valid != (i < len(paths)) {
			t.Fatalf("request %d: control %v; want the %d controls first: %v", i, valid, len(paths), order)
		}
	}
	for _, r := range rs {
		if checks.IsControl(r.Probe) && len(r.Violations) > 0 {
			t.Errorf("%s: a control has violations %v", r.Probe.ID, r.Violations)
		}
	}
}

// A valid DELETE goes after every other probe: sent first, it would
// remove the item the other probes (a low-privilege DELETE among them)
// need.
func TestDeleteControlLast(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	exists := true
	var order []string
	item := func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		low := r.Header.Get("Authorization") == "low"
		order = append(order, r.Method+map[bool]string{true: " low", false: ""}[low])
		switch {
		case !exists:
			status(404, `{"error":"not found","message":"no item 1","status":404}`)(w, r, true)
		case r.Method == http.MethodDelete && !low:
			exists = false
			status(204, ``)(w, r, true)
		case r.Method == http.MethodDelete:
			w.Header().Set("Cache-Control", "no-store")
			status(403, `{"error":"forbidden","message":"readers cannot delete","status":403}`)(w, r, true)
		default:
			status(200, `{"id":1}`)(w, r, true)
		}
	}
	_, base := target(t, http.HandlerFunc(item))
	get := &openapi.Operation{Method: http.MethodGet, Path: "/items/{id}"}
	del := &openapi.Operation{Method: http.MethodDelete, Path: "/items/{id}"}
	probes := []checks.Probe{
		{ID: "control:GET /items/{id}", CheckID: checks.CheckControl, Family: checks.FamilyControl, Op: get, Request: checks.Request{Method: http.MethodGet, Path: "/items/1"}},
		{ID: "control:DELETE /items/{id}", CheckID: checks.CheckControl, Family: checks.FamilyControl, Op: del, Request: checks.Request{Method: http.MethodDelete, Path: "/items/1"}},
		{ID: "auth-low-privilege:DELETE /items/{id}", CheckID: "auth-low-privilege", Family: checks.FamilyForbidden, Op: del,
			Request: checks.Request{Method: http.MethodDelete, Path: "/items/1", Header: http.Header{"Authorization": {"low"}}}, Expect: checks.Expectation{Statuses: []int{403}}},
	}
	e := newEngine(t, base, Options{Concurrency: 2}, httpclient.Options{})
	rs := byID(collect(context.Background(), e, probes))
	if want := []string{"GET", "DELETE low", "DELETE"}; !slices.Equal(order, want) {
		t.Fatalf("requests %v, want %v", order, want)
	}
	if r := rs["auth-low-privilege:DELETE /items/{id}"]; r.Skipped || r.Response == nil || r.Response.Status != 403 || len(r.Violations) > 0 {
		t.Errorf("low-privilege DELETE: %+v, want judged, 403 and no violation", r)
	}
	if r := rs["control:DELETE /items/{id}"]; r.Skipped || r.Response == nil || r.Response.Status != 204 {
		t.Errorf("DELETE control: %+v, want sent last and 204", r)
	}
}

// What an operation's control gets decides how its probes are read.
func TestControlGates(t *testing.T) {
	t.Parallel()
	h := routes{
		"/ok":       careful,
		"/auth":     status(401, `{"error":"unauthorized"}`),
		"/rejected": status(422, `{"error":"invalid","message":"bad"}`),
		"/broken":   status(500, `{"error":"boom"}`),
		"/parsed": func(w http.ResponseWriter, r *http.Request, valid bool) {
			if valid {
				status(422, `{"error":"invalid"}`)(w, r, valid) // the valid body is rejected ...
				return
			}
			status(400, `{"error":"not json"}`)(w, r, valid) // ... but a parse error is told apart
		},
	}
	_, base := target(t, h)
	e := newEngine(t, base, Options{Concurrency: 2}, httpclient.Options{})
	ps := opProbes(1, "/ok", "/auth", "/rejected", "/broken", "/parsed", "/nope/{id}")
	got := byID(collect(context.Background(), e, ps))
	tests := []struct {
		id        string
		skipped   bool
		reason    string // in Reason
		sent      bool
		violation string // a rule that must be reported
	}{
		{id: "malformed-json-syntax:POST /ok:0", sent: true},
		{id: "malformed-json-syntax:POST /auth:0", skipped: true, reason: "refused with 401"},
		{id: "malformed-json-syntax:POST /rejected:0", skipped: true, reason: "got 422 Unprocessable Entity too", sent: true},
		{id: "malformed-json-syntax:POST /broken:0", sent: true, violation: checks.RuleServerError},
		{id: "malformed-json-syntax:POST /parsed:0", sent: true},
		{id: "malformed-json-syntax:POST /nope/{id}:0", skipped: true, reason: "path parameter values name no resource", sent: true},
	}
	for _, tt := range tests {
		r, ok := got[tt.id]
		switch {
		case !ok:
			t.Errorf("%s: no result", tt.id)
		case r.Skipped != tt.skipped || !strings.Contains(r.Reason, tt.reason):
			t.Errorf("%s: skipped %v reason %q; want %v with %q", tt.id, r.Skipped, r.Reason, tt.skipped, tt.reason)
		case (r.Response != nil) != tt.sent:
			t.Errorf("%s: sent %v, want %v", tt.id, r.Response != nil, tt.sent)
		case tt.violation == "" && len(r.Violations) > 0:
			t.Errorf("%s: violations %v, want none", tt.id, r.Violations)
		case tt.violation != "" && (len(r.Violations) == 0 || r.Violations[0].Rule != tt.violation || !strings.Contains(r.Violations[0].Message, "valid request got 500 too")):
			t.Errorf("%s: violations %v, want %s naming the control", tt.id, r.Violations, tt.violation)
		}
	}
	if e.Err() != nil {
		t.Errorf("run stopped: %v", e.Err())
	}
}

// Most routes not served where errprobe sends them: the run stops before
// any negative probe, with ErrNotServed and a hint.
func TestControlsNotServedStop(t *testing.T) {
	t.Parallel()
	rec, base := target(t, routes{"/served": careful})
	e := newEngine(t, base, Options{Concurrency: 2}, httpclient.Options{})
	rs := collect(context.Background(), e, opProbes(4, "/served", "/pets", "/users", "/orders"))
	if !errors.Is(e.Err(), ErrNotServed) || !strings.Contains(e.Err().Error(), "--base-path") || !strings.Contains(e.Err().Error(), "3 of 4 operations") {
		t.Fatalf("err %v, want ErrNotServed with counts and a --base-path hint", e.Err())
	}
	if rec.Count() != 4 {
		t.Errorf("%d requests, want the 4 controls only", rec.Count())
	}
	for _, r := range rs {
		if !checks.IsControl(r.Probe) && (!r.Skipped || !strings.Contains(r.Reason, "routes not served")) {
			t.Errorf("%s: skipped %v, reason %q", r.Probe.ID, r.Skipped, r.Reason)
		}
	}
}

// An endpoint that hangs on a client mistake is a finding; its breaker
// skips the rest of its probes, and the other endpoints are probed.
func TestHangingEndpoint(t *testing.T) {
	t.Parallel()
	silent := silent()
	h := routes{
		"/ok": careful,
		"/hangs": func(w http.ResponseWriter, r *http.Request, valid bool) {
			if valid {
				careful(w, r, valid)
				return
			}
			silent.ServeHTTP(w, r)
		},
	}
	for _, p := range []string{"/b", "/c", "/d", "/e", "/f"} {
		h[p] = careful
	}
	_, base := target(t, h)
	e := newEngine(t, base, Options{Concurrency: 1}, httpclient.Options{Timeout: 150 * time.Millisecond})
	rs := collect(context.Background(), e, opProbes(6, "/ok", "/hangs", "/b", "/c", "/d", "/e", "/f"))
	if e.Err() != nil {
		t.Fatalf("run stopped: %v", e.Err())
	}
	var noResponse, broken, passed int
	for _, r := range rs {
		switch {
		case r.Probe.Op.Path != "/hangs" && !checks.IsControl(r.Probe):
			if r.Skipped || r.Err != nil || len(r.Violations) > 0 {
				t.Errorf("%s: skipped %v err %v violations %v", r.Probe.ID, r.Skipped, r.Err, r.Violations)
			}
			passed++
		case checks.IsControl(r.Probe):
		case r.Skipped:
			broken++
			if !strings.Contains(r.Reason, "breaker") {
				t.Errorf("%s: reason %q", r.Probe.ID, r.Reason)
			}
		case len(r.Violations) == 1 && r.Violations[0].Rule == checks.RuleNoResponse && r.Err == nil:
			noResponse++
		default:
			t.Errorf("%s: err %v violations %v", r.Probe.ID, r.Err, r.Violations)
		}
	}
	if noResponse != DefaultOperationBreaker || broken != 6-DefaultOperationBreaker || passed != 36 {
		t.Errorf("no-response %d, breaker-skipped %d, passed %d; want %d, %d, 36", noResponse, broken, 6-DefaultOperationBreaker, DefaultOperationBreaker, passed)
	}
}

// A target that accepts connections and never answers: every control
// fails, the run stops as unreachable instead of reporting findings.
func TestNoControlAnswered(t *testing.T) {
	t.Parallel()
	rec, base := target(t, silent())
	e := newEngine(t, base, Options{Concurrency: 2}, httpclient.Options{Timeout: 100 * time.Millisecond})
	rs := collect(context.Background(), e, opProbes(3, "/a", "/b", "/c"))
	if !errors.Is(e.Err(), ErrUnreachable) {
		t.Fatalf("err %v, want ErrUnreachable", e.Err())
	}
	if rec.Count() != 3 {
		t.Errorf("%d requests, want the 3 controls", rec.Count())
	}
	for _, r := range rs {
		if len(r.Violations) > 0 {
			t.Errorf("%s: violations %v on an unreachable target", r.Probe.ID, r.Violations)
		}
	}
}

// A valid request that streams (a watch) answers with its status and then
// never ends: the control is recorded with that status, not as a failure
// to test, and the operation's probes are judged.
func TestStreamingControl(t *testing.T) {
	t.Parallel()
	stream := func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Type") != "application/json" {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			w.WriteHeader(415)
			_, _ = w.Write([]byte(`{"error":"unsupported","message":"send JSON","status":415}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"result":{"created":true}}` + "\n"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}
	_, base := target(t, http.HandlerFunc(stream))
	op := &openapi.Operation{Method: http.MethodPost, Path: "/watch"}
	probes := []checks.Probe{
		{ID: "control:POST /watch", CheckID: checks.CheckControl, Family: checks.FamilyControl, Op: op,
			Request: checks.Request{Method: http.MethodPost, Path: "/watch", Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{}`)}},
		{ID: "malformed-content-type:POST /watch", CheckID: "malformed-content-type", Family: checks.FamilyMalformed, Op: op,
			Request: checks.Request{Method: http.MethodPost, Path: "/watch", Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte(`{}`)},
			Expect:  checks.Expectation{Statuses: []int{415}}},
	}
	e := newEngine(t, base, Options{Concurrency: 1}, httpclient.Options{Timeout: 300 * time.Millisecond})
	rs := byID(collect(context.Background(), e, probes))
	c := rs["control:POST /watch"]
	if c.Err != nil || c.Response == nil || c.Response.Status != 200 || !c.Response.Truncated {
		t.Errorf("streaming control: err %v, response %+v; want 200, truncated, no error", c.Err, c.Response)
	}
	if p := rs["malformed-content-type:POST /watch"]; p.Skipped || p.Err != nil || p.Response == nil || p.Response.Status != 415 || len(p.Violations) > 0 {
		t.Errorf("probe: %+v, want judged 415 without violations", p)
	}
}
