package checks

import (
	"strings"
	"testing"
)

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
		per, controls := map[string]int{}, map[string]bool{}
		for _, p := range got {
			if IsReference(p) {
				continue
			}
			if IsControl(p) {
				controls[p.Op.Key()] = true // not counted: always kept
				continue
			}
			per[p.Op.Key()]++
		}
		if len(controls) != len(g.Spec.Operations) {
			t.Errorf("n=%d: %d operations kept their control, want all %d", n, len(controls), len(g.Spec.Operations))
		}
		for op, k := range per {
			if k > n {
				t.Errorf("n=%d: %s has %d probes", n, op, k)
			}
		}
		if n == 1 {
			for _, p := range got {
				if p.Op.Key() == "POST /users" && p.CheckID != "auth-missing" && !IsControl(p) {
					t.Errorf("n=1 kept %s for POST /users, want auth-missing first", p.CheckID)
				}
			}
		}
	}
	if len(LimitPerOperation(all, 0)) != len(all) {
		t.Error("n=0 must keep everything")
	}
}

// TestMetaFlags pins which checks are input validation (presets shift
// their statuses together) and which send no valid credential (their
// answers are compared for consistency): a new check sets the flag in its
// Meta, nowhere else.
func TestMetaFlags(t *testing.T) {
	t.Parallel()
	want := map[string][]string{
		"input": {"malformed-json-truncated", "malformed-json-syntax", "malformed-field-type", "malformed-field-constraint",
			"malformed-param-type", "malformed-param-constraint", "missing-query-param", "missing-header-param",
			"missing-cookie-param", "missing-body-field", "missing-body"},
		"unauthenticated": {"auth-missing", "auth-invalid", "auth-expired-token", "auth-wrong-scheme", "auth-malformed-token"},
	}
	got := map[string][]string{}
	for _, c := range All() {
		if m := c.Meta(); m.Input {
			got["input"] = append(got["input"], m.ID)
		} else if m.Unauthenticated {
			got["unauthenticated"] = append(got["unauthenticated"], m.ID)
		}
	}
	for k := range want {
		if strings.Join(got[k], " ") != strings.Join(want[k], " ") {
			t.Errorf("%s checks %v, want %v", k, got[k], want[k])
		}
	}
}
