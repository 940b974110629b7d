//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestHapi audits the hapi app (examples/targets/hapi) through the Swagger
// 2.0 description hapi-swagger serves, as a new user runs errprobe:
// {target} in its flags is the running app's URL. The committed
// swagger.json is the served one without its host, which hapi-swagger
// takes from the request.
func TestHapi(t *testing.T) {
	t.Parallel()
	tg := target{
		Name:      "hapi",
		Dir:       "examples/targets/hapi",
		Command:   []string{"node", "server.js"},
		Preflight: []string{"node", "-e", "require('@hapi/hapi'); require('joi'); require('hapi-swagger')"},
		Hint:      "The hapi target needs Node.js and its locked modules (npm ci --prefix examples/targets/hapi).",
		ReadyPath: "/health",
	}
	e, err := loadExpectation(filepath.Join(moduleRoot, tg.Dir, "expected.json"), tg.Name)
	if err != nil {
		t.Fatal(err)
	}
	srv := startTarget(t, tg)
	want, err := os.ReadFile(filepath.Join(moduleRoot, tg.Dir, "swagger.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !sameDescription(withoutHost(t, fetch(t, srv.URL+"/swagger.json")), want, true) {
		t.Fatalf("%s/swagger.json is not what the app serves (host left out); save the served one without its host", tg.Dir)
	}
	a := runAudit(t, srv.Dir, srv.URL, withTarget(e.Flags, srv.URL))
	compare(e, a).report(t, a)
}

// withoutHost drops the top-level host member of a served description.
func withoutHost(t *testing.T, doc []byte) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Fatalf("the served description is not JSON: %v", err)
	}
	delete(m, "host")
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
