package checks

import (
	"maps"
	"slices"
	"testing"
)

// TestTemplatedSibling: DELETE /runners/registration-token may reach
// DELETE /runners/{id}, so its method probe also accepts what that route
// answers for a value naming nothing, and a success is a warning; PATCH,
// which no sibling declares, expects 405 alone.
func TestTemplatedSibling(t *testing.T) {
	t.Parallel()
	probes, _ := Plan(&Gen{Spec: loadSpec(t, "testdata/specs/siblings.yaml"), Seed: 1}, Filter{Only: []string{"method-not-allowed"}})
	byID := map[string]Probe{}
	for _, p := range probes {
		byID[p.ID] = p
	}
	del, ok := byID["method-not-allowed:DELETE /runners/registration-token"]
	if !ok {
		t.Fatalf("no DELETE probe; have %v", slices.Sorted(maps.Keys(byID)))
	}
	if !slices.Equal(del.Expect.Statuses, []int{400, 404, 405, 422}) || del.Expect.AcceptedCap != SeverityWarning {
		t.Errorf("DELETE: statuses %v, cap %v; want 400/404/405/422 and a warning cap", del.Expect.Statuses, del.Expect.AcceptedCap)
	}
	patch := byID["method-not-allowed:PATCH /runners/registration-token"]
	if !slices.Equal(patch.Expect.Statuses, []int{405}) || patch.Expect.AcceptedCap != 0 {
		t.Errorf("PATCH: statuses %v, cap %v; want 405 alone", patch.Expect.Statuses, patch.Expect.AcceptedCap)
	}
	if templatedSibling(loadSpec(t, "testdata/specs/siblings.yaml").Paths, "/runners/{id}", "DELETE") != "" {
		t.Error("a template is its own sibling")
	}
}
