package checks

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/internal/testfiles"
)

var update = flag.Bool("update", false, "rewrite golden files")

func loadSpec(t *testing.T, path string) *openapi.Spec {
	t.Helper()
	spec, err := openapi.Load(context.Background(), path, openapi.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return spec
}

// renderPlan is a compact, stable listing of probes for golden files.
func renderPlan(probes []Probe) string {
	var b strings.Builder
	for _, p := range probes {
		fmt.Fprintf(&b, "%s\n  %s %s expect=%v identity=%q\n", p.ID, p.Request.Method, p.Request.Path, p.Expect.Statuses, p.Request.Identity)
		for _, k := range sortedHeaderKeys(p.Request.Header) {
			if k != "Accept" {
				fmt.Fprintf(&b, "  %s: %s\n", k, strings.Join(p.Request.Header[k], ", "))
			}
		}
		if len(p.Request.Body) > 0 {
			fmt.Fprintf(&b, "  body=%s\n", p.Request.Body)
		}
	}
	return b.String()
}

func TestPlanGolden(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, spec string }{
		{"petstore3", testfiles.Path(t, "specs/swagger-petstore3/openapi.yaml")},
		{"petstore-v2", testfiles.Path(t, "specs/oai/v2.0/yaml/petstore-expanded.yaml")},
		{"flask", "../examples/targets/flask/openapi.yaml"},
		// Swagger 2.0 as flasgger writes it: no consumes; JSON, multipart
		// and urlencoded bodies all the same.
		{"flasgger-v2", "testdata/specs/flasgger-v2.yaml"},
		{"forms", "testdata/specs/forms.yaml"},
		// Links pair creating and item operations at run time; the plan
		// is the same as without them.
		{"things-links", "../cmd/errprobe/testdata/things-links.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := &Gen{Spec: loadSpec(t, tt.spec), Seed: 1, HasLowIdentity: true, LowMethods: []string{"POST", "PUT", "PATCH", "DELETE"}}
			probes, warnings := Plan(g, Filter{})
			if len(warnings) > 0 {
				t.Errorf("warnings: %v", warnings)
			}
			got := renderPlan(probes)
			again, _ := Plan(g, Filter{})
			if renderPlan(again) != got {
				t.Fatal("plan is not deterministic")
			}
			seen := map[string]bool{}
			for _, p := range probes {
				if seen[p.ID] {
					t.Errorf("duplicate probe ID %s", p.ID)
				}
				seen[p.ID] = true
				if len(p.Expect.Statuses) == 0 && !IsControl(p) {
					t.Errorf("%s expects nothing", p.ID)
				}
			}
			golden := filepath.Join("testdata", "golden", "plan-"+tt.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if got != string(want) {
				t.Errorf("plan differs from %s (run with -update after an intended change)", golden)
			}
		})
	}
}

func TestFilter(t *testing.T) {
	t.Parallel()
	g := &Gen{Spec: loadSpec(t, "../examples/targets/flask/openapi.yaml"), Seed: 1}
	tests := []struct {
		name   string
		filter Filter
		want   func(Probe) bool
	}{
		{"only family", Filter{Only: []string{"forbidden"}}, func(p Probe) bool { return p.Family == FamilyForbidden || IsControl(p) }},
		{"only check", Filter{Only: []string{"missing-body"}}, func(p Probe) bool { return p.CheckID == "missing-body" || IsControl(p) }},
		{"skip control", Filter{Skip: []string{CheckControl}}, func(p Probe) bool { return !IsControl(p) }},
		{"skip family", Filter{Skip: []string{"malformed"}}, func(p Probe) bool { return p.Family != FamilyMalformed }},
		{"rule ids do not select checks", Filter{Only: []string{"server-error"}}, func(Probe) bool { return true }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			probes, _ := Plan(g, tt.filter)
			if len(probes) == 0 {
				t.Fatal("no probes")
			}
			for _, p := range probes {
				if !tt.want(p) {
					t.Errorf("unexpected probe %s", p.ID)
				}
			}
		})
	}
	if err := (Filter{Skip: []string{"nope"}}).Validate(); err == nil {
		t.Error("unknown ID accepted")
	}
}

func sortedHeaderKeys(h map[string][]string) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
