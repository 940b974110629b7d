//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// petstoreSpec is the Swagger Petstore 3 description in the repository's
// testdata/specs, relative to the Express target's directory.
const petstoreSpec = "../../../testdata/specs/swagger-petstore3/openapi.yaml"

func TestFastAPI(t *testing.T) {
	t.Parallel()
	tg := target{
		Name:      "fastapi",
		Dir:       "examples/targets/fastapi",
		Command:   []string{"/usr/bin/python3", "app.py"},
		Preflight: []string{"/usr/bin/python3", "-c", "import fastapi, uvicorn, pydantic"},
		Hint:      "The FastAPI target needs Debian's python3-fastapi and python3-uvicorn (apt-get install python3-fastapi python3-uvicorn) for /usr/bin/python3.",
		ReadyPath: "/health",
	}
	exported := filepath.Join(t.TempDir(), "openapi.json")
	exportDescription(t, tg, exported, "/usr/bin/python3", "app.py", "--export", exported)
	sameJSON(t, filepath.Join(moduleRoot, tg.Dir, "openapi.json"), exported)
	auditTarget(t, tg)
}

func TestExpress(t *testing.T) {
	t.Parallel()
	auditTarget(t, target{
		Name:    "express",
		Dir:     "examples/targets/express",
		Command: []string{"node", "server.js", "--spec", petstoreSpec},
		Preflight: []string{"node", "-e",
			"require('express'); require('express-openapi-validator'); require('fs').accessSync(process.argv[1])", petstoreSpec},
		Hint: "The Express target needs Node.js and its locked modules (npm ci --prefix examples/targets/express), " +
			"and the Petstore 3 description at testdata/specs/swagger-petstore3/openapi.yaml in the repository.",
		ReadyPath: "/health",
	})
}

func TestHuma(t *testing.T) {
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "huma-target")
	// The target is a module of its own (examples/targets/huma/go.mod), so
	// errprobe's go.mod does not list huma: it is built inside that module.
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join(moduleRoot, "examples", "targets", "huma")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the huma target: %v\n%s\n(github.com/danielgtaylor/huma/v2 comes from examples/targets/huma/go.mod: cd examples/targets/huma && go mod download)", err, out)
	}
	tg := target{
		Name:      "huma",
		Dir:       "examples/targets/huma",
		Command:   []string{bin},
		Hint:      "The huma target is built in its own module, examples/targets/huma (go.mod there).",
		ReadyPath: "/health",
	}
	exported := filepath.Join(t.TempDir(), "openapi.yaml")
	exportDescription(t, tg, exported, bin, "-export", exported)
	want, err := os.ReadFile(filepath.Join(moduleRoot, tg.Dir, "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(exported); !bytes.Equal(got, want) {
		t.Fatalf("examples/targets/huma/openapi.yaml is stale; regenerate it: cd examples/targets/huma && go run . -export openapi.yaml")
	}
	auditTarget(t, tg)
}

// exportDescription runs a target's own export of its OpenAPI description,
// so the committed copy can be compared with what the framework generates.
func exportDescription(t *testing.T, tg target, out string, argv ...string) {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = filepath.Join(moduleRoot, tg.Dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("target %s: exporting its description to %s: %v\n%s\n%s", tg.Name, out, err, b, tg.Hint)
	}
}

// sameJSON fails unless the two files hold equal JSON documents.
func sameJSON(t *testing.T, committed, generated string) {
	t.Helper()
	var docs [2]any
	for i, p := range []string{committed, generated} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &docs[i]); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	a, _ := json.Marshal(docs[0])
	b, _ := json.Marshal(docs[1])
	if !bytes.Equal(a, b) {
		t.Fatalf("%s differs from what the app generates; regenerate it with the app's --export", committed)
	}
}
