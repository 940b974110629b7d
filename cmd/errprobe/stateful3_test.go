package main

import (
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/errprobe/errprobe/report"
)

// usersAPI is testdata/users-api.yaml: the client names the user it
// creates, and the store already holds the description's example, alice.
type usersAPI struct {
	mu    sync.Mutex
	users map[string]bool
}

func (a *usersAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if r.URL.Path == "/users" {
		if !methods(w, r, http.MethodPost) {
			return
		}
		obj := object(w, r, map[string]func(any) bool{"username": str(1, 20)}, "username")
		if obj == nil {
			return
		}
		name := obj["username"].(string)
		if a.users[name] {
			problem(w, http.StatusConflict, "the user exists")
			return
		}
		a.users[name] = true
		answer(w, http.StatusCreated, obj)
		return
	}
	itemRoute{
		prefix: "/users/",
		has:    func(name string) bool { return a.users[name] },
		remove: func(name string) { delete(a.users, name) },
		show:   func(name string) any { return map[string]string{"username": name} },
	}.serve(w, r)
}

// itemRoute answers GET and DELETE of the items under prefix of a store
// in memory: 404 for another route or an item the store lacks, 400 for a
// name valid refuses, 204 for a DELETE (after remove), else 200 with
// what show gives.
type itemRoute struct {
	prefix string
	valid  func(name string) bool // nil: any name
	has    func(name string) bool
	remove func(name string)
	show   func(name string) any
}

func (i itemRoute) serve(w http.ResponseWriter, r *http.Request) {
	name, ok := strings.CutPrefix(r.URL.Path, i.prefix)
	if !ok || name == "" || strings.Contains(name, "/") {
		problem(w, http.StatusNotFound, "no such route")
		return
	}
	if !methods(w, r, http.MethodGet, http.MethodDelete) {
		return
	}
	if i.valid != nil && !i.valid(name) {
		problem(w, http.StatusBadRequest, "invalid identifier")
		return
	}
	if !i.has(name) {
		problem(w, http.StatusNotFound, "no such item")
		return
	}
	if r.Method == http.MethodDelete {
		i.remove(name)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	answer(w, http.StatusOK, i.show(name))
}

// The creating request names its item (username, alice in the example):
// errprobe creates its own under a unique name, never alice, whether she
// exists or not, and removes what it created at the end.
func TestFixtureNamedByTheExample(t *testing.T) {
	for _, seeded := range []bool{true, false} {
		name := map[bool]string{true: "alice exists", false: "empty store"}[seeded]
		t.Run(name, func(t *testing.T) {
			api := &usersAPI{users: map[string]bool{"alice": seeded}}
			_, target := recorded(t, api)
			out := filepath.Join(t.TempDir(), "r.json")
			r := runArgs("run", "--spec", "testdata/users-api.yaml", "--target", target, "--quiet", "--report", "json="+out)
			run := readRun(t, out)
			if r.code != exitOK {
				logFailures(t, run)
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			api.mu.Lock()
			users := 0
			for _, ok := range api.users {
				if ok {
					users++
				}
			}
			alice := api.users["alice"]
			api.mu.Unlock()
			if alice != seeded || users != map[bool]int{true: 1, false: 0}[seeded] {
				t.Errorf("after the run: alice %v, %d users (%v); want the store as before; warnings %q", alice, users, api.users, run.Warnings)
			}
			if res := resultByID(run, "unknown-resource:GET /users/{username}:username"); res == nil || res.Outcome != report.OutcomePass {
				t.Errorf("unknown-resource of GET: %+v, want a pass", res)
			}
			if get := resultByID(run, "control:GET /users/{username}"); get == nil || get.Response == nil || get.Response.Status != http.StatusOK {
				t.Errorf("the valid GET: %+v, want 200", get)
			}
			if !hasWarning(run, "errprobe created an item with POST /users and probed the item operations with username=errprobe") || hasWarning(run, "could not remove") {
				t.Errorf("warnings %q", run.Warnings)
			}
			if ctl := resultByID(run, "control:POST /users"); ctl == nil || ctl.Response == nil || ctl.Response.Status != http.StatusCreated {
				t.Errorf("the valid POST: %+v, want 201: a name of its own, no collision", ctl)
			}
		})
	}
}
