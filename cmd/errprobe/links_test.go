package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/errprobe/errprobe/report"
)

// thingsAPI is testdata/things-links.yaml: its store starts empty, and a
// new thing's reference is in the answer where only the description's
// link says (data.ref, and the X-Thing header), under a name the
// search by member name does not know.
type thingsAPI struct {
	mu     sync.Mutex
	things map[string]string
	next   int
}

func (a *thingsAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if r.URL.Path == "/things" {
		if !methods(w, r, http.MethodPost) {
			return
		}
		obj := object(w, r, map[string]func(any) bool{"label": str(1, 64)}, "label")
		if obj == nil {
			return
		}
		a.next++
		ref := fmt.Sprintf("t-%d", a.next)
		a.things[ref] = obj["label"].(string)
		w.Header().Set("X-Thing", "/things/"+ref)
		answer(w, http.StatusCreated, map[string]any{"data": map[string]any{"ref": ref}})
		return
	}
	itemRoute{
		prefix: "/things/",
		valid:  func(ref string) bool { return len(ref) <= 32 },
		has:    func(ref string) bool { _, ok := a.things[ref]; return ok },
		remove: func(ref string) { delete(a.things, ref) },
		show:   func(ref string) any { return map[string]string{"label": a.things[ref]} },
	}.serve(w, r)
}

// The description's link says where a new item's identifier is: errprobe
// pairs the creating operation with the item through it and reads the
// identifier where it says, though no member is named like the
// parameter. A link errprobe cannot follow is ignored, not a reason to
// refuse the description.
func TestFixtureByLink(t *testing.T) {
	spec, err := os.ReadFile("testdata/things-links.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const link = `"$response.body#/data/ref"`
	tests := []struct {
		name, old, new string // the description with old replaced by new
		created        bool   // the item operations are probed with errprobe's thing
		warning        string // a run warning that must be there
	}{
		{"body pointer", link, link, true, `(the identifier is $response.body#/data/ref, as the description's link "GetThing" says)`},
		{"header", link, `"$response.header.X-Thing"`, true, `(the identifier is $response.header.X-Thing`},
		{"in braces", link, `"{$response.body#/data/ref}"`, true, `the description's link "GetThing" says`},
		{"unsupported expression", link, `"$url"`, false, "found no identifier in the answer (Location, or a member named thingId or id)"},
		{"no such operation", "operationId: getThing\n      parameters", "operationId: noSuchOperation\n      parameters", false, `link "GetThing" of POST /things (response 201) names no operation`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			file := filepath.Join(t.TempDir(), "things.yaml")
			if err := os.WriteFile(file, []byte(strings.Replace(string(spec), tc.old, tc.new, 1)), 0o600); err != nil {
				t.Fatal(err)
			}
			api := &thingsAPI{things: map[string]string{}}
			_, target := recorded(t, api)
			out := filepath.Join(t.TempDir(), "r.json")
			r := runArgs("run", "--spec", file, "--target", target, "--quiet", "--report", "json="+out)
			if r.code == exitUsage || r.code == exitCannotRun {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			run := readRun(t, out)
			if r.code != exitOK {
				logFailures(t, run)
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			if !hasWarning(run, tc.warning) {
				t.Errorf("no warning %q in %q", tc.warning, run.Warnings)
			}
			get := resultByID(run, "control:GET /things/{thingId}")
			if got := get != nil && get.Response != nil && get.Response.Status == http.StatusOK; got != tc.created {
				t.Errorf("the valid GET of the item: %+v, want a 200 %v", get, tc.created)
			}
			if res := resultByID(run, "unknown-resource:GET /things/{thingId}:thingId"); tc.created && (res == nil || res.Outcome != report.OutcomePass) {
				t.Errorf("unknown-resource: %+v, want a pass", res)
			}
			if hasWarning(run, "could not remove") {
				t.Errorf("warnings %q", run.Warnings)
			}
			api.mu.Lock()
			defer api.mu.Unlock()
			if tc.created && (len(api.things) != 0 || api.next < 2) {
				t.Errorf("after the run the store holds %v (%d created), want it empty again", api.things, api.next)
			}
		})
	}
}
