//go:build e2e

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestChiPetstore audits oapi-codegen's chi petstore (examples/targets/
// chi-petstore) through the description it serves, as a new user runs
// errprobe: {target} in its flags is the running app's URL. The store starts
// empty and no --path-param is given, so the item operations can only be
// probed with a pet errprobe creates with POST /pets; the test checks that
// it did and that it removed every pet it created.
func TestChiPetstore(t *testing.T) {
	t.Parallel()
	tg := target{
		Name:      "chi-petstore",
		Dir:       "examples/targets/chi-petstore",
		Command:   []string{buildGoTarget(t, "examples/targets/chi-petstore")},
		Hint:      "The chi petstore target is built from examples/targets/chi-petstore with its own go.mod.",
		ReadyPath: "/health",
	}
	e, err := loadExpectation(filepath.Join(moduleRoot, tg.Dir, "expected.json"), tg.Name)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(e.Flags, "--path-param") {
		t.Fatal("expected.json: the item operations must be probed without --path-param")
	}
	srv := startTarget(t, tg)
	want, err := os.ReadFile(filepath.Join(moduleRoot, tg.Dir, "openapi.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !sameDescription(fetch(t, srv.URL+"/openapi.json"), want, true) {
		t.Fatalf("%s/openapi.json is not what the app serves; save the served one: curl -s URL/openapi.json", tg.Dir)
	}
	if got := strings.TrimSpace(string(fetch(t, srv.URL+"/pets"))); got != "[]" {
		t.Fatalf("the store must start empty; GET /pets answered %s", got)
	}
	a := runAudit(t, srv.Dir, srv.URL, withTarget(e.Flags, srv.URL))
	compare(e, a).report(t, a)

	created := slices.ContainsFunc(a.Report.Results, func(r result) bool {
		return strings.HasPrefix(r.ID, "control:POST /pets:fixture") && r.Response != nil &&
			r.Response.Status == 200 && strings.Contains(r.Response.Body, `"id":`)
	})
	deleted := slices.ContainsFunc(a.Report.Results, func(r result) bool {
		return r.ID == "control:DELETE /pets/{id}" && r.Response != nil && r.Response.Status == 204
	})
	if !created || !deleted {
		t.Errorf("on an empty store errprobe must create a pet with POST /pets for DELETE /pets/{id} (created %v) and delete it with the valid DELETE (204: %v)", created, deleted)
	}
	if got := strings.TrimSpace(string(fetch(t, srv.URL+"/pets"))); got != "[]" {
		t.Errorf("errprobe left pets behind: GET /pets answered %s", got)
	}
}

// withTarget puts the running target's URL in place of {target} in flags,
// for a target audited through the description it serves.
func withTarget(flags []string, url string) []string {
	out := make([]string, len(flags))
	for i, f := range flags {
		out[i] = strings.ReplaceAll(f, "{target}", url)
	}
	return out
}

// buildGoTarget builds the Go target in dir (a module of its own, so
// errprobe's go.mod does not list its framework) and returns the binary.
func buildGoTarget(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), filepath.Base(dir)+"-target")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join(moduleRoot, dir)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s\n(its modules come from %s/go.mod: cd %s && go mod download)", dir, err, out, dir, dir)
	}
	return bin
}
