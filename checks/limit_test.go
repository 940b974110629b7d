package checks

import "testing"

func TestPriorityCoversCatalogue(t *testing.T) {
	t.Parallel()
	listed := map[string]bool{}
	for _, id := range Priority {
		listed[id] = true
	}
	for _, c := range All() {
		if !listed[c.Meta().ID] {
			t.Errorf("check %s has no place in Priority", c.Meta().ID)
		}
	}
}

func TestLimitPerOperation(t *testing.T) {
	t.Parallel()
	g := &Gen{Spec: loadSpec(t, "../examples/targets/flask/openapi.yaml"), Seed: 1}
	all, _ := Plan(g, Filter{})
	for _, n := range []int{1, 3, 10} {
		got := LimitPerOperation(all, n)
		per := map[string]int{}
		for _, p := range got {
			per[p.Op.Key()]++
		}
		for op, k := range per {
			if k > n {
				t.Errorf("n=%d: %s has %d probes", n, op, k)
			}
		}
		if n == 1 {
			for _, p := range got {
				if p.Op.Key() == "POST /users" && p.CheckID != "auth-missing" {
					t.Errorf("n=1 kept %s for POST /users, want auth-missing first", p.CheckID)
				}
			}
		}
	}
	if len(LimitPerOperation(all, 0)) != len(all) {
		t.Error("n=0 must keep everything")
	}
}
