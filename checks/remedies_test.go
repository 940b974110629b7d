package checks

import (
	"strings"
	"testing"
)

func TestEveryRuleHasARemedy(t *testing.T) {
	t.Parallel()
	for _, r := range RuleMetas() {
		if got := Remedy(r.ID, ""); strings.TrimSpace(got) == "" {
			t.Errorf("rule %s has no remedy", r.ID)
		}
	}
}

func TestPresetRemediesNameKnownPresetsAndRules(t *testing.T) {
	t.Parallel()
	rules := map[string]bool{}
	for _, r := range RuleMetas() {
		rules[r.ID] = true
	}
	for preset, fixes := range presetRemedies {
		if _, err := LookupPreset(preset); err != nil {
			t.Errorf("preset remedies for %q: %v", preset, err)
		}
		for rule, fix := range fixes {
			if !rules[rule] {
				t.Errorf("preset %s: fix for unknown rule %q", preset, rule)
			}
			if strings.TrimSpace(fix) == "" {
				t.Errorf("preset %s: empty fix for %s", preset, rule)
			}
		}
	}
	for _, p := range Presets() {
		if len(presetRemedies[p.Name]) == 0 {
			t.Errorf("preset %s has no fixes of its own", p.Name)
		}
	}
}

func TestRemedyPrefersThePresetFix(t *testing.T) {
	t.Parallel()
	tests := []struct{ rule, preset, want string }{
		{RuleServerError, "flask", "HTTPException"},
		{RuleServerError, "", "keep 5xx for faults"},
		{RuleNosniff, "flask", "X-Content-Type-Options"},
		{"no-such-rule", "flask", ""},
	}
	for _, tc := range tests {
		got := Remedy(tc.rule, tc.preset)
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("Remedy(%q, %q) = %q, want it to contain %q", tc.rule, tc.preset, got, tc.want)
		}
	}
}
