//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Framework apps that generate and serve their own description, each with
// its framework's default error handling (examples/targets/NAME). Every
// test first checks that the committed description is what the running app
// serves, then audits it.

func TestNestJS(t *testing.T) {
	t.Parallel()
	auditServed(t, target{
		Name:      "nestjs",
		Dir:       "examples/targets/nestjs",
		Command:   []string{"sh", "run.sh"},
		Preflight: []string{"sh", "build.sh"},
		Hint:      "The NestJS target needs Node.js and its locked modules (npm ci --prefix examples/targets/nestjs).",
		ReadyPath: "/health",
	}, "/api-json", "openapi.json")
}

func TestLoopBack(t *testing.T) {
	t.Parallel()
	auditServed(t, target{
		Name:      "loopback",
		Dir:       "examples/targets/loopback",
		Command:   []string{"sh", "run.sh"},
		Preflight: []string{"sh", "build.sh"},
		Hint:      "The LoopBack target needs Node.js and its locked modules (npm ci --prefix examples/targets/loopback).",
		ReadyPath: "/health",
	}, "/openapi.json", "openapi.json")
}

func TestFastify(t *testing.T) {
	t.Parallel()
	auditServed(t, target{
		Name:      "fastify",
		Dir:       "examples/targets/fastify",
		Command:   []string{"node", "server.js"},
		Preflight: []string{"node", "-e", "require('fastify'); require('@fastify/swagger')"},
		Hint:      "The Fastify target needs Node.js and its locked modules (npm ci --prefix examples/targets/fastify).",
		ReadyPath: "/health",
	}, "/openapi.json", "openapi.json")
}

func TestDRF(t *testing.T) {
	t.Parallel()
	auditServed(t, target{
		Name:      "drf",
		Dir:       "examples/targets/drf",
		Command:   []string{"/usr/bin/python3", "app.py"},
		Preflight: []string{"/usr/bin/python3", "-c", "import django, rest_framework, uritemplate, yaml"},
		Hint:      "The DRF target needs Debian's python3-djangorestframework, python3-uritemplate and python3-yaml for /usr/bin/python3.",
		ReadyPath: "/health",
	}, "/openapi.json", "openapi.json")
}

func TestFlaskApispec(t *testing.T) {
	t.Parallel()
	auditServed(t, target{
		Name:      "flask-apispec",
		Dir:       "examples/targets/flask-apispec",
		Command:   []string{"/usr/bin/python3", "app.py"},
		Preflight: []string{"/usr/bin/python3", "-c", "import flask, webargs, apispec, marshmallow, yaml"},
		Hint:      "The Flask + webargs + apispec target needs Debian's python3-flask, python3-webargs, python3-apispec, python3-marshmallow and python3-yaml for /usr/bin/python3.",
		ReadyPath: "/health",
	}, "/openapi.json", "openapi.json")
}

func TestGin(t *testing.T) {
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "gin-target")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join(moduleRoot, "examples/targets/gin")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the Gin target: %v\n%s\n(Gin comes from examples/targets/gin/go.mod: cd examples/targets/gin && go mod download)", err, out)
	}
	auditServed(t, target{
		Name:      "gin",
		Dir:       "examples/targets/gin",
		Command:   []string{bin},
		Hint:      "The Gin target is built from examples/targets/gin with its own go.mod.",
		ReadyPath: "/health",
	}, "/openapi.yaml", "openapi.yaml")
}

// auditServed starts tg, checks that the description it serves at specPath
// equals the committed file (as JSON for .json, byte for byte otherwise),
// audits it with its expected.json and scores the audit.
func auditServed(t *testing.T, tg target, specPath, committed string) {
	t.Helper()
	e, err := loadExpectation(filepath.Join(moduleRoot, tg.Dir, "expected.json"), tg.Name)
	if err != nil {
		t.Fatal(err)
	}
	srv := startTarget(t, tg)
	served := fetch(t, srv.URL+specPath)
	file := filepath.Join(moduleRoot, tg.Dir, committed)
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !sameDescription(served, want, strings.HasSuffix(committed, ".json")) {
		t.Fatalf("%s is not what the app serves at %s; save the served one: curl -s URL%s > %s",
			filepath.Join(tg.Dir, committed), specPath, specPath, committed)
	}
	a := runAudit(t, srv.Dir, srv.URL, e.Flags)
	s := compare(e, a)
	s.report(t, a)
}

func fetch(t *testing.T, url string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, %v", url, resp.StatusCode, err)
	}
	return b
}

func sameDescription(served, committed []byte, asJSON bool) bool {
	if !asJSON {
		return bytes.Equal(served, committed)
	}
	var a, b any
	if json.Unmarshal(served, &a) != nil || json.Unmarshal(committed, &b) != nil {
		return false
	}
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}
