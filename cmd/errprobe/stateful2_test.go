package main

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/errprobe/errprobe/report"
)

// tokenAPI is testdata/token-api.yaml: DELETE /token really revokes the
// caller's token, the low-privilege one's included.
type tokenAPI struct {
	mu    sync.Mutex
	valid map[string]bool // token: not revoked
}

func newTokenAPI() *tokenAPI { return &tokenAPI{valid: map[string]bool{"admin": true, "reader": true}} }

func (a *tokenAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch r.URL.Path {
	case "/me":
		if !methods(w, r, http.MethodGet, http.MethodPatch) {
			return
		}
	case "/token":
		if !methods(w, r, http.MethodDelete) {
			return
		}
	default:
		problem(w, http.StatusNotFound, "no such route")
		return
	}
	if !a.valid[token] {
		problem(w, http.StatusUnauthorized, "bearer token required")
		return
	}
	switch {
	case r.Method == http.MethodDelete:
		a.valid[token] = false
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodGet:
		answer(w, http.StatusOK, map[string]string{"name": "Ada"})
	case token != "admin":
		problem(w, http.StatusForbidden, "read-only token")
	default:
		if obj := object(w, r, map[string]func(any) bool{"name": str(1, 40)}, "name"); obj != nil {
			answer(w, http.StatusOK, obj)
		}
	}
}

// The identity errprobe uses is never deleted by default; with
// --allow-destructive its valid DELETE goes last of all, and the
// low-privilege identity never deletes itself.
func TestTokenNotRevoked(t *testing.T) {
	for _, allow := range []bool{false, true} {
		t.Run(fmt.Sprintf("allow-destructive=%v", allow), func(t *testing.T) {
			api := newTokenAPI()
			_, target := recorded(t, api)
			out := filepath.Join(t.TempDir(), "r.json")
			args := []string{"run", "--spec", "testdata/token-api.yaml", "--target", target, "--quiet", "--report", "json=" + out,
				"--auth", "Authorization: Bearer admin", "--low-auth", "Authorization: Bearer reader"}
			if allow {
				args = append(args, "--allow-destructive")
			}
			r := runArgs(args...)
			run := readRun(t, out)
			if r.code != exitOK {
				logFailures(t, run)
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			api.mu.Lock()
			admin, reader := api.valid["admin"], api.valid["reader"]
			api.mu.Unlock()
			if !reader {
				t.Error("the low-privilege token was revoked")
			}
			if admin == allow {
				t.Errorf("admin token valid after the run: %v, want %v", admin, !allow)
			}
			low := resultByID(run, "auth-low-privilege:DELETE /token")
			if low == nil || low.Outcome != report.OutcomeSkip || !strings.Contains(low.Reason, "low-privilege identity would delete or revoke itself") {
				t.Errorf("the low-privilege DELETE /token: %+v, want it held back", low)
			}
			ctl := resultByID(run, "control:DELETE /token")
			if sent := ctl != nil && ctl.Outcome != report.OutcomeSkip; sent != allow {
				t.Errorf("the valid DELETE /token: %+v, want sent %v", ctl, allow)
			}
			if !allow && !hasWarning(run, "3 probes of 1 operation held back") {
				t.Errorf("no warning says how many probes were held back: %q", run.Warnings)
			}
			if miss := resultByID(run, "auth-missing:DELETE /token"); miss == nil || miss.Outcome != report.OutcomePass {
				t.Errorf("auth-missing of DELETE /token: %+v, want sent and passed (it cannot succeed)", miss)
			}
		})
	}
}

// reposAPI is testdata/repos-api.yaml: a transfer really moves the
// repository, and its old path answers 301 afterwards. A lenient API
// takes any new_owner, a number or null included.
type reposAPI struct {
	mu      sync.Mutex
	lenient bool
	repos   map[string]bool   // owner/repo
	moved   map[string]string // old owner/repo: new
}

func newReposAPI(lenient bool) *reposAPI {
	return &reposAPI{lenient: lenient, repos: map[string]bool{"alice/hello": true}, moved: map[string]string{}}
}

func (a *reposAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) < 3 || len(parts) > 4 || parts[0] != "repos" {
		problem(w, http.StatusNotFound, "no such route")
		return
	}
	name, sub := parts[1]+"/"+parts[2], ""
	if len(parts) == 4 {
		sub = parts[3]
	}
	allow := map[string][]string{"": {http.MethodGet, http.MethodPatch}, "transfer": {http.MethodPost}, "issues": {http.MethodGet, http.MethodPost}}[sub]
	if allow == nil {
		problem(w, http.StatusNotFound, "no such route")
		return
	}
	if !methods(w, r, allow...) {
		return
	}
	if to, ok := a.moved[name]; ok {
		w.Header().Set("Location", "/repos/"+to+strings.TrimPrefix(r.URL.Path, "/repos/"+name))
		problem(w, http.StatusMovedPermanently, "moved to "+to)
		return
	}
	if !a.repos[name] {
		problem(w, http.StatusNotFound, "no such repository")
		return
	}
	switch {
	case r.Method == http.MethodGet:
		answer(w, http.StatusOK, map[string]string{"full_name": name})
	case sub == "":
		if obj := object(w, r, map[string]func(any) bool{"description": str(0, 80)}, "description"); obj != nil {
			answer(w, http.StatusOK, obj)
		}
	case sub == "issues":
		if obj := object(w, r, map[string]func(any) bool{"title": str(1, 80)}, "title"); obj != nil {
			answer(w, http.StatusCreated, map[string]int{"number": 1})
		}
	default:
		check := str(1, 39)
		if a.lenient {
			check = func(any) bool { return true }
		}
		if obj := object(w, r, map[string]func(any) bool{"new_owner": check}, "new_owner"); obj != nil {
			to := fmt.Sprint(obj["new_owner"]) + "/" + parts[2]
			delete(a.repos, name)
			a.repos[to], a.moved[name] = true, to
			w.WriteHeader(http.StatusAccepted)
		}
	}
}

// A transfer is held back by default, so the repository stays where it
// is; let through, it goes after every other write, and the move it makes
// is noticed: a run warning names the request, and the probes after it
// are skipped rather than judged on a 301.
func TestTransferHeldBackAndDriftNoticed(t *testing.T) {
	tests := []struct {
		name    string
		allow   bool
		lenient bool
		after   string // the request the drift warning names; "" for none
		skipped string // a probe skipped because the resource changed
	}{
		{name: "held back"},
		{name: "allowed", allow: true, after: "control:POST /repos/{owner}/{repo}/transfer"},
		{name: "allowed, lenient", allow: true, lenient: true, after: "malformed-", skipped: "control:POST /repos/{owner}/{repo}/transfer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			api := newReposAPI(tc.lenient)
			_, target := recorded(t, api)
			out := filepath.Join(t.TempDir(), "r.json")
			args := []string{"run", "--spec", "testdata/repos-api.yaml", "--target", target, "--quiet", "--report", "json=" + out,
				"--path-param", "owner=alice", "--path-param", "repo=hello", "--fail-on", "never"}
			if tc.allow {
				args = append(args, "--allow-destructive")
			}
			r := runArgs(args...)
			run := readRun(t, out)
			if r.code != exitOK {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			api.mu.Lock()
			stayed := api.repos["alice/hello"]
			api.mu.Unlock()
			if stayed == tc.allow {
				t.Errorf("alice/hello still there after the run: %v, want %v", stayed, !tc.allow)
			}
			for _, res := range run.Results {
				if res.Outcome != report.OutcomeSkip && res.Response != nil && res.Response.Status == http.StatusMovedPermanently && res.Family != "control" {
					t.Errorf("%s failed on a 301: judged after the repository moved", res.ID)
				}
			}
			drift := ""
			for _, w := range run.Warnings {
				if strings.Contains(w, "changed during the run") {
					drift = w
				}
			}
			if tc.after == "" && drift != "" || tc.after != "" && !strings.Contains(drift, "after "+tc.after) {
				t.Errorf("drift warning %q, want one naming %q", drift, tc.after)
			}
			t.Logf("drift: %s", drift)
			if tc.skipped != "" {
				res := resultByID(run, tc.skipped)
				if res == nil || res.Outcome != report.OutcomeSkip || !strings.Contains(res.Reason, "the resource changed during the run, after ") {
					t.Errorf("%s: %+v, want skipped as the resource changed", tc.skipped, res)
				}
			}
			if !tc.allow {
				ctl := resultByID(run, "control:POST /repos/{owner}/{repo}/transfer")
				if ctl == nil || ctl.Outcome != report.OutcomeSkip || !strings.Contains(ctl.Reason, "held back") {
					t.Errorf("the valid transfer: %+v, want held back", ctl)
				}
			}
		})
	}
}
