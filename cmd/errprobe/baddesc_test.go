package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/errprobe/errprobe/internal/hostile"
)

// aliasBomb is a "billion laughs" document: 9^9 strings once expanded.
const aliasBomb = `openapi: 3.0.3
info: {title: bomb, version: "1"}
x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
x-b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
x-c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
x-d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
x-e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
x-f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
x-g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
x-h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
x-i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
paths: {}
`

// circular has a request body schema that contains itself three ways.
const circular = `openapi: 3.0.3
info: {title: circ, version: "1"}
paths:
  /nodes:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Node"}
      responses:
        "201": {description: ok}
        "400": {description: bad}
components:
  schemas:
    Node:
      type: object
      required: [name, children, parent]
      properties:
        name: {type: string}
        parent: {$ref: "#/components/schemas/Node"}
        other: {allOf: [{$ref: "#/components/schemas/Node"}]}
        children:
          type: array
          minItems: 2
          items: {$ref: "#/components/schemas/Node"}
`

const dangling = `openapi: 3.0.3
info: {title: x, version: "1"}
paths:
  /a:
    get:
      responses:
        "400":
          description: bad
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Nope"}
`

const yamlSyntax = `openapi: 3.0.3
info:
  title: x
   version: 1
paths: {}
`

// brokenPaths is refused: paths must be a mapping.
const brokenPaths = `openapi: 3.0.3
info: {title: x, version: "1"}
paths:
  - /a
`

// tupleItems breaks rules both common validators let through.
const tupleItems = `openapi: 3.0.3
info: {title: x, version: "1"}
paths:
  /a:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/List"}
      responses:
        "400": {description: bad}
components:
  schemas:
    List:
      type: array
      items:
        - {type: integer}
        - {type: string}
      maximum: "100"
`

// Case 22: bad descriptions fail fast and clearly, with exit 2 and the
// place of the problem; hostile ones stay bounded in time and memory.
func TestBadDescriptions(t *testing.T) {
	refs, refURL := recorded(t, hostile.Problem())
	nopePaths := filepath.Join(t.TempDir(), "errprobe.yaml")
	writeTestFile(t, nopePaths, "include: {paths: [\"/nope\"]}\n")
	external := strings.Replace(dangling, `"#/components/schemas/Nope"`, `"`+refURL+`/schemas.yaml#/Problem"`, 1)
	escapingRef := strings.Replace(dangling, `"#/components/schemas/Nope"`, `"../../../../../../../../etc/hostname"`, 1)
	tests := []struct {
		name, spec string
		args       []string
		exit       int
		want       []string // in stderr
		maxProbes  int      // for plan runs that succeed
	}{
		{"yaml syntax error", yamlSyntax, nil, exitUsage, []string{"spec.yaml:4:11: YAML syntax error"}, 0},
		{"dangling $ref", dangling, nil, exitUsage, []string{"spec.yaml:11:", `"#/components/schemas/Nope" points at nothing`}, 0},
		{"external $ref not fetched", external, nil, exitUsage, []string{"external reference"}, 0},
		{"alias bomb", aliasBomb, nil, exitUsage, []string{"excessive aliasing"}, 0},
		{"circular schemas", circular, nil, exitOK, nil, 200},
		{"truly broken", brokenPaths, nil, exitUsage, []string{"spec.yaml:4: paths must be a mapping of paths, not a list"}, 0},
		{"mended with warnings", tupleItems, nil, exitOK, []string{"warning: ", "spec.yaml:18: items is a list of 2 schemas (tuple form)", "spec.yaml:20: maximum is the text \"100\""}, 100},
		{"local $ref escape", escapingRef, nil, exitUsage, []string{"spec.yaml:11:", "outside the description's folder"}, 0},
		{"nothing after filters", "", []string{"run", "--spec", "testdata/ping.yaml", "--config", nopePaths, "--target", "http://127.0.0.1:1"}, exitUsage, []string{"nothing to test"}, 0},
		{"no operations", "", []string{"run", "--spec", "testdata/empty.yaml", "--target", "http://127.0.0.1:1"}, exitUsage, []string{"nothing to test"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if tt.spec != "" {
				path := filepath.Join(t.TempDir(), "spec.yaml")
				writeTestFile(t, path, tt.spec)
				args = []string{"plan", "--spec", path, "--format", "json"}
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			r := runArgs(args...)
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			if r.code != tt.exit {
				t.Fatalf("exit %d, want %d; stderr %s", r.code, tt.exit, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q lacks %q", r.stderr, w)
				}
			}
			if host, err := os.ReadFile("/etc/hostname"); err == nil && len(bytes.TrimSpace(host)) > 3 && strings.Contains(r.stderr, string(bytes.TrimSpace(host))) {
				t.Errorf("stderr shows the content of a file outside the description's folder: %s", r.stderr)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; took > 5*time.Second || alloc > 256<<20 {
				t.Errorf("took %s and allocated %d MiB", took, alloc>>20)
			}
			if tt.maxProbes > 0 {
				var plan struct{ Count int }
				if err := json.Unmarshal([]byte(r.stdout), &plan); err != nil || plan.Count == 0 || plan.Count > tt.maxProbes {
					t.Errorf("plan of %d probes (%v), want 1 to %d", plan.Count, err, tt.maxProbes)
				}
			}
		})
	}
	if refs.Count() != 0 {
		t.Errorf("an external $ref was fetched without --allow-external-refs: %d requests", refs.Count())
	}
	// With the flag the reference is fetched: the server above can tell.
	path := filepath.Join(t.TempDir(), "spec.yaml")
	writeTestFile(t, path, external)
	runArgs("plan", "--spec", path, "--allow-external-refs")
	if refs.Count() == 0 {
		t.Error("--allow-external-refs did not fetch the reference: the zero above proves nothing")
	}
}

// Case 17: plan sends nothing: the description comes over HTTP from one
// server, and the servers: URL it declares names another, which gets zero
// requests.
func TestPlanSendsNoRequest(t *testing.T) {
	api, apiURL := recorded(t, hostile.Problem())
	data, err := os.ReadFile("testdata/ping.yaml")
	if err != nil {
		t.Fatal(err)
	}
	spec := strings.Replace(string(data), "paths:", "servers: [{url: \""+apiURL+"\"}]\npaths:", 1)
	specs, specURL := recorded(t, hostile.Body(200, "application/yaml", []byte(spec)))
	for _, format := range []string{"text", "json"} {
		r := runArgs("plan", "--spec", specURL+"/openapi.yaml", "--format", format)
		if r.code != exitOK {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
	}
	if specs.Count() != 2 || api.Count() != 0 {
		t.Errorf("the description server got %d requests (want 2), the API %d (want 0)", specs.Count(), api.Count())
	}
}

// Case 18 for plan: --methods and --deny-methods shape plan as they shape
// run, so plan lists what run would send.
func TestPlanHonoursMethods(t *testing.T) {
	type planned struct {
		Count  int
		Probes []struct{ Method string }
	}
	plan := func(args ...string) planned {
		r := runArgs(append([]string{"plan", "--spec", demoSpec, "--format", "json"}, args...)...)
		var p planned
		if r.code != exitOK {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	all, some := plan(), plan("--methods", "GET,DELETE", "--deny-methods", "delete")
	if some.Count == 0 || some.Count >= all.Count {
		t.Fatalf("%d probes with the method lists, %d without", some.Count, all.Count)
	}
	for _, p := range some.Probes {
		if p.Method != "GET" {
			t.Fatalf("plan lists a %s probe", p.Method)
		}
	}
	if r := runArgs("plan", "--spec", demoSpec, "--methods", "G ET"); r.code != exitUsage {
		t.Errorf("a bad method: exit %d", r.code)
	}
}
