//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

// TestEchoSwag audits the Echo + swag notes API (examples/targets/echo-swag)
// through the Swagger 2.0 description it serves at /swagger/doc.json, as a
// new user runs errprobe: {target} in its flags is the running app's URL.
// The test first checks that the committed docs/swagger.json (swag's output)
// is what the app serves.
func TestEchoSwag(t *testing.T) {
	t.Parallel()
	tg := target{
		Name:      "echo-swag",
		Dir:       "examples/targets/echo-swag",
		Command:   []string{buildGoTarget(t, "examples/targets/echo-swag")},
		Hint:      "The Echo + swag target is built from examples/targets/echo-swag with its own go.mod.",
		ReadyPath: "/health",
	}
	e, err := loadExpectation(filepath.Join(moduleRoot, tg.Dir, "expected.json"), tg.Name)
	if err != nil {
		t.Fatal(err)
	}
	srv := startTarget(t, tg)
	want, err := os.ReadFile(filepath.Join(moduleRoot, tg.Dir, "docs", "swagger.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !sameDescription(fetch(t, srv.URL+"/swagger/doc.json"), want, true) {
		t.Fatalf("%s/docs/swagger.json is not what the app serves; generate it again: cd %s && go generate", tg.Dir, tg.Dir)
	}
	a := runAudit(t, srv.Dir, srv.URL, withTarget(e.Flags, srv.URL))
	compare(e, a).report(t, a)
}
