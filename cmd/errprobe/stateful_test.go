package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/errprobe/errprobe/report"
)

// Servers that keep state in memory, as development servers do: what
// errprobe's requests change stays changed, so a test can read the
// server's state after a run.

// problem answers an RFC 9457 problem.
func problem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="test"`)
	}
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"type":"about:blank","title":%q,"status":%d,"detail":%q}`, http.StatusText(status), status, detail)
}

func answer(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// methods answers 405 with Allow for a method the route lacks.
func methods(w http.ResponseWriter, r *http.Request, allow ...string) bool {
	for _, m := range allow {
		if r.Method == m {
			return true
		}
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	problem(w, http.StatusMethodNotAllowed, "allowed: "+strings.Join(allow, ", "))
	return false
}

// object reads a JSON object body whose members are all in fields, each
// checked by its function; it answers the error itself and returns nil.
func object(w http.ResponseWriter, r *http.Request, fields map[string]func(any) bool, required ...string) map[string]any {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		problem(w, http.StatusUnsupportedMediaType, "send application/json")
		return nil
	}
	body, _ := io.ReadAll(r.Body)
	var obj map[string]any
	if err := json.Unmarshal(body, &obj); err != nil || obj == nil || !utf8.Valid(body) {
		problem(w, http.StatusBadRequest, "the body is not a JSON object")
		return nil
	}
	for k, v := range obj {
		if ok := fields[k]; ok == nil || !ok(v) {
			problem(w, http.StatusBadRequest, "invalid member "+k)
			return nil
		}
	}
	for _, k := range required {
		if _, ok := obj[k]; !ok {
			problem(w, http.StatusBadRequest, "missing member "+k)
			return nil
		}
	}
	return obj
}

func str(min, max int) func(any) bool {
	return func(v any) bool {
		s, ok := v.(string)
		return ok && len(s) >= min && len(s) <= max
	}
}

// petStore is the petstore of testdata/petstore-empty.yaml; its store
// starts empty.
type petStore struct {
	mu      sync.Mutex
	pets    map[int64]map[string]any
	next    int64
	created int
	// crashes makes a missing pet's GET answer 500, as a handler that
	// does not check the store's answer does.
	crashes bool
	// canonical refuses a new pet whose name does not end with a dot, as
	// PowerDNS refuses a zone: errprobe's sampled name has none.
	canonical bool
}

func newPetStore() *petStore { return &petStore{pets: map[int64]map[string]any{}, next: 1} }

func (s *petStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer admin" {
		problem(w, http.StatusUnauthorized, "bearer token required")
		return
	}
	newPet := map[string]func(any) bool{"name": str(1, 64), "tag": str(0, 32)}
	if r.URL.Path == "/pets" {
		if !methods(w, r, http.MethodGet, http.MethodPost) {
			return
		}
		if r.Method == http.MethodGet {
			list := []map[string]any{}
			for _, p := range s.pets {
				list = append(list, p)
			}
			answer(w, http.StatusOK, list)
			return
		}
		obj := object(w, r, newPet, "name")
		if obj == nil {
			return
		}
		if name, _ := obj["name"].(string); s.canonical && !strings.HasSuffix(name, ".") {
			problem(w, http.StatusUnprocessableEntity, "pet name '"+name+"' is not canonical")
			return
		}
		id := s.next
		s.next++
		s.created++
		obj["id"] = id
		s.pets[id] = obj
		w.Header().Set("Location", fmt.Sprintf("/pets/%d", id))
		answer(w, http.StatusCreated, obj)
		return
	}
	raw, ok := strings.CutPrefix(r.URL.Path, "/pets/")
	if !ok || strings.Contains(raw, "/") || raw == "" {
		problem(w, http.StatusNotFound, "no such route")
		return
	}
	if !methods(w, r, http.MethodGet, http.MethodPut, http.MethodDelete) {
		return
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 1 {
		problem(w, http.StatusBadRequest, "petId must be a positive integer")
		return
	}
	pet := s.pets[id]
	if pet == nil && s.crashes && r.Method == http.MethodGet {
		http.Error(w, "", http.StatusInternalServerError)
		return
	}
	if pet == nil {
		problem(w, http.StatusNotFound, "no pet has this id")
		return
	}
	switch r.Method {
	case http.MethodGet:
		answer(w, http.StatusOK, pet)
	case http.MethodPut:
		if obj := object(w, r, newPet, "name"); obj != nil {
			obj["id"] = id
			s.pets[id] = obj
			answer(w, http.StatusOK, obj)
		}
	case http.MethodDelete:
		delete(s.pets, id)
		w.WriteHeader(http.StatusNoContent)
	}
}

// readRun reads a JSON report in full.
func readRun(t *testing.T, path string) *report.Run {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var run report.Run
	if err := json.Unmarshal(data, &run); err != nil {
		t.Fatal(err)
	}
	return &run
}

func resultByID(run *report.Run, id string) *report.Result {
	for i := range run.Results {
		if run.Results[i].ID == id {
			return &run.Results[i]
		}
	}
	return nil
}

func hasWarning(run *report.Run, part string) bool {
	for _, w := range run.Warnings {
		if strings.Contains(w, part) {
			return true
		}
	}
	return false
}

func logFailures(t *testing.T, run *report.Run) {
	t.Helper()
	for _, r := range run.Results {
		if r.Outcome == report.OutcomeFail || r.Outcome == report.OutcomeError {
			t.Logf("%s %s: %+v %s", r.Outcome, r.ID, r.Violations, r.Error)
		}
	}
	t.Logf("warnings: %q", run.Warnings)
}

// A petstore whose store starts empty: errprobe creates a pet, probes the
// item operations with its id (unknown-resource included), and deletes it
// at the end, with no --path-param; the store is empty again after the run.
// A store whose missing pets answer 500 gets its pet too, and the 500 is
// still found, by unknown-resource.
func TestEmptyStoreGetsFixture(t *testing.T) {
	tests := []struct {
		name               string
		crashes, canonical bool
		looked             string
	}{
		{"404 for a missing pet", false, false, "answered 404 (nothing existed yet)"},
		{"500 for a missing pet", true, false, "answered 500 (a server error, as for an item that does not exist)"},
		{"the creating request refused as first built", false, true, "answered 404 (nothing existed yet)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newPetStore()
			store.crashes, store.canonical = tt.crashes, tt.canonical
			_, target := recorded(t, store)
			out := filepath.Join(t.TempDir(), "r.json")
			r := runArgs("run", "--spec", "testdata/petstore-empty.yaml", "--target", target,
				"--auth", "Authorization: Bearer admin", "--report", "json="+out, "--quiet")
			run := readRun(t, out)
			want := exitOK
			if tt.crashes {
				want = exitViolations
			}
			if r.code != want {
				logFailures(t, run)
				t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, want, r.stderr)
			}
			for _, id := range []string{"unknown-resource:GET /pets/{petId}:petId", "unknown-resource:PUT /pets/{petId}:petId", "unknown-resource:DELETE /pets/{petId}:petId", "malformed-field-type:PUT /pets/{petId}:name", "control:DELETE /pets/{petId}"} {
				res := resultByID(run, id)
				outcome := report.OutcomePass
				if tt.crashes && id == "unknown-resource:GET /pets/{petId}:petId" {
					outcome = report.OutcomeFail // the 500 for a missing pet
				}
				if res == nil || res.Outcome != outcome {
					t.Errorf("%s: %+v, want %s", id, res, outcome)
				}
			}
			if get := resultByID(run, "control:GET /pets/{petId}"); get == nil || get.Response == nil || get.Response.Status != http.StatusOK {
				t.Errorf("the valid GET of the item: %+v, want 200 with the created pet", get)
			}
			for _, res := range run.Results {
				if res.Outcome == report.OutcomeSkip {
					t.Errorf("%s skipped: %s", res.ID, res.Reason)
				}
			}
			if !hasWarning(run, tt.looked+", so errprobe created an item with POST /pets and probed the item operations with petId=") {
				t.Errorf("the report does not say a pet was created: %q", run.Warnings)
			}
			if hasWarning(run, "could not remove") {
				t.Errorf("warnings %q", run.Warnings)
			}
			store.mu.Lock()
			defer store.mu.Unlock()
			if len(store.pets) != 0 || store.created < 2 {
				t.Errorf("after the run the store holds %v (%d created), want it empty again", store.pets, store.created)
			}
		})
	}
}

// The user's --path-param wins: the item operations are probed with the
// user's pet, no pet is created for them; the DELETEs get a pet errprobe
// creates for them, so the user's pet is still there after the run.
// (Its valid PUT updates it: the user gave it to be probed.)
func TestPathParamWinsOverFixture(t *testing.T) {
	store := newPetStore()
	store.pets[7] = map[string]any{"id": 7, "name": "rex"}
	store.next = 8
	_, target := recorded(t, store)
	out := filepath.Join(t.TempDir(), "r.json")
	r := runArgs("run", "--spec", "testdata/petstore-empty.yaml", "--target", target,
		"--auth", "Authorization: Bearer admin", "--path-param", "petId=7", "--report", "json="+out, "--quiet")
	run := readRun(t, out)
	if r.code != exitOK {
		logFailures(t, run)
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if resultByID(run, "control:POST /pets:fixture") != nil || resultByID(run, "control:GET /pets/{petId}:before-fixture") != nil {
		t.Errorf("a pet was created for the item operations although --path-param gave one: %q", run.Warnings)
	}
	if get := resultByID(run, "control:GET /pets/{petId}"); get == nil || !strings.HasSuffix(get.Request.URL, "/pets/7") {
		t.Errorf("the valid GET: %+v, want /pets/7", get)
	}
	del := resultByID(run, "control:DELETE /pets/{petId}")
	if del == nil || strings.HasSuffix(del.Request.URL, "/pets/7") || del.Response == nil || del.Response.Status != http.StatusNoContent {
		t.Errorf("the valid DELETE: %+v, want 204 for a pet errprobe created", del)
	}
	if !hasWarning(run, "DELETE /pets/{petId} was probed with an item errprobe created for it") || hasWarning(run, "could not remove") {
		t.Errorf("warnings %q", run.Warnings)
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if len(store.pets) != 1 || store.pets[7] == nil {
		t.Errorf("after the run the store holds %v, want the user's pet 7 alone (its valid PUT may rename it)", store.pets)
	}
}
