package engine

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/httpclient"
	"github.com/errprobe/errprobe/internal/openapi"
)

// The write plan: reads and the probes that cannot change state first,
// then the valid writes, the probes a server might accept, and the valid
// DELETE last; a held-back probe is never sent.
func TestWritePlanOrder(t *testing.T) {
	t.Parallel()
	get := &openapi.Operation{Method: http.MethodGet, Path: "/r/{id}"}
	put := &openapi.Operation{Method: http.MethodPut, Path: "/r/{id}"}
	del := &openapi.Operation{Method: http.MethodDelete, Path: "/r/{id}"}
	move := &openapi.Operation{Method: http.MethodPost, Path: "/r/{id}/move"}
	mk := func(op *openapi.Operation, check string, fam checks.Family) checks.Probe {
		id := check + ":" + op.Key()
		return checks.Probe{ID: id, CheckID: check, Family: fam, Op: op,
			Request: checks.Request{Method: op.Method, Path: "/r/1" + map[bool]string{true: "/move"}[op == move], Header: http.Header{"X-Probe": {id}}},
			Expect:  checks.Expectation{Statuses: []int{400}}}
	}
	held := mk(put, "malformed-field-null", checks.FamilyMalformed)
	held.Hold = "held back: test"
	// In plan order, which is not the order they are sent in.
	plan := []checks.Probe{
		mk(del, checks.CheckControl, checks.FamilyControl),
		mk(move, "malformed-field-type", checks.FamilyMalformed),
		mk(move, checks.CheckControl, checks.FamilyControl),
		mk(put, "malformed-field-type", checks.FamilyMalformed),
		mk(put, checks.CheckControl, checks.FamilyControl),
		mk(put, "auth-missing", checks.FamilyForbidden),
		held,
		mk(get, "missing-query-param", checks.FamilyMissing),
		mk(get, checks.CheckControl, checks.FamilyControl),
	}
	want := []string{
		"control:GET /r/{id}", "missing-query-param:GET /r/{id}", "control:PUT /r/{id}",
		"auth-missing:PUT /r/{id}", "malformed-field-type:PUT /r/{id}",
		"malformed-field-type:POST /r/{id}/move", "control:POST /r/{id}/move", "control:DELETE /r/{id}",
	}
	var mu sync.Mutex
	var got []string
	_, base := target(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Get("X-Probe"))
		mu.Unlock()
		w.WriteHeader(http.StatusBadRequest)
	}))
	e := newEngine(t, base, Options{Concurrency: 4}, httpclient.Options{})
	rs := collect(context.Background(), e, plan)
	if len(rs) != len(plan) {
		t.Fatalf("%d results for %d probes", len(rs), len(plan))
	}
	if !slices.Equal(got, want) {
		t.Errorf("sent\n%q\nwant\n%q", got, want)
	}
	if r := byID(rs)[held.ID]; !r.Skipped || r.Reason != held.Hold {
		t.Errorf("held-back probe: %+v", r)
	}
}

func TestResource(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]string{
		"/pets":                          "/pets",
		"/pets/{id}":                     "/pets/{id}",
		"/repos/{owner}/{repo}/transfer": "/repos/{owner}/{repo}",
		"/repos/{owner}/{repo}/issues":   "/repos/{owner}/{repo}",
		"/v1/{name}:rotate":              "/v1/{name}:rotate",
	} {
		if got := resource(path); got != want {
			t.Errorf("resource(%q) = %q, want %q", path, got, want)
		}
	}
}

// The probes that may change state are grouped by resource as a stable
// sort by resource, cut where the resource changes, groups them, and
// every phase and group is made at its size.
func TestWritePlanGroupsAsSorted(t *testing.T) {
	t.Parallel()
	var plan []checks.Probe
	for i, path := range []string{"/b/{id}", "/a/{id}", "/b", "/a/{id}/x", "/b/{id}", "/c", "/a/{id}", "/a/{id}/x", "/b"} {
		for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodGet} {
			op := &openapi.Operation{Method: m, Path: path}
			id := fmt.Sprintf("malformed-field-type:%d:%s", i, op.Key())
			plan = append(plan, checks.Probe{ID: id, CheckID: "malformed-field-type", Family: checks.FamilyMalformed, Op: op,
				Request: checks.Request{Method: m, Path: path}, Expect: checks.Expectation{Statuses: []int{400}}})
		}
	}
	var want []checks.Probe
	for _, p := range plan {
		if checks.MayChange(p) && p.Request.Method != http.MethodDelete && checks.Irreversible(p.Op) == "" {
			want = append(want, p)
		}
	}
	if len(want) < 20 {
		t.Fatalf("only %d probes that may change state", len(want))
	}
	slices.SortStableFunc(want, func(a, b checks.Probe) int { return strings.Compare(resource(a.Op.Path), resource(b.Op.Path)) })
	w := newWritePlan(nil, slices.Clone(plan))
	var got []checks.Probe
	for i, g := range w.changing {
		if len(g) == 0 || len(g) != cap(g) {
			t.Errorf("group %d: len %d, cap %d", i, len(g), cap(g))
		}
		for _, p := range g {
			if resource(p.Op.Path) != resource(g[0].Op.Path) {
				t.Errorf("group %d mixes %s and %s", i, p.Op.Path, g[0].Op.Path)
			}
		}
		if i > 0 && resource(w.changing[i-1][0].Op.Path) >= resource(g[0].Op.Path) {
			t.Errorf("group %d (%s) after %s", i, g[0].Op.Path, w.changing[i-1][0].Op.Path)
		}
		got = append(got, g...)
	}
	if ids := func(ps []checks.Probe) (out []string) {
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}; !slices.Equal(ids(got), ids(want)) {
		t.Errorf("changing:\n got %v\nwant %v", ids(got), ids(want))
	}
	for name, ps := range map[string][]checks.Probe{"early": w.early, "late": w.late} {
		if len(ps) != cap(ps) {
			t.Errorf("%s: len %d, cap %d", name, len(ps), cap(ps))
		}
	}
}
