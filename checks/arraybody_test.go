package checks

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestArrayBodyProbes: a body whose top-level schema is an array of
// objects gets the item-level probes an object body gets.
func TestArrayBodyProbes(t *testing.T) {
	t.Parallel()
	probes, _ := Plan(&Gen{Spec: loadSpec(t, "testdata/specs/arraybody.yaml"), Seed: 1}, Filter{})
	byID := map[string]Probe{}
	for _, p := range probes {
		byID[p.ID] = p
	}
	item := func(change func(m map[string]any)) []any {
		m := map[string]any{"name": "errprobe", "labels": map[string]any{"severity": "errprobe"}}
		change(m)
		return []any{m}
	}
	tests := []struct {
		id   string
		want any
	}{
		{"missing-body-field:POST /alerts:[0].name", item(func(m map[string]any) { delete(m, "name") })},
		{"missing-body-field:POST /alerts:[0].labels.severity", item(func(m map[string]any) { m["labels"] = map[string]any{} })},
		{"malformed-field-type:POST /alerts:[0]", []any{"not-an-object"}},
		{"malformed-field-null:POST /alerts:[0]", []any{nil}},
		{"malformed-field-type:POST /alerts:[0].name", item(func(m map[string]any) { m["name"] = 12345.0 })},
		{"malformed-field-null:POST /alerts:[0].name", item(func(m map[string]any) { m["name"] = nil })},
		{"malformed-field-constraint:POST /alerts:[0].name:minLength", item(func(m map[string]any) { m["name"] = "" })},
		{"malformed-field-format:POST /alerts:[0].startsAt:date-time", item(func(m map[string]any) { m["startsAt"] = "2024-13-45T99:99:99Z" })},
		{"malformed-field-type:POST /alerts:[0].receivers[0].id", item(func(m map[string]any) { m["receivers"] = []any{map[string]any{"id": "not-a-number"}} })},
		{"malformed-body-shape:POST /alerts:empty-array", []any{}},
		{"malformed-body-shape:POST /alerts:empty-object", map[string]any{}},
		{"malformed-field-type:PUT /tags:[0]", []any{12345.0}},
		{"malformed-field-constraint:PUT /tags:[0]:enum", []any{"errprobe-not-in-enum"}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			p, ok := byID[tt.id]
			if !ok {
				t.Fatalf("no probe %s", tt.id)
			}
			var got any
			if err := json.Unmarshal(p.Request.Body, &got); err != nil {
				t.Fatalf("body %s: %v", p.Request.Body, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("body %s, want %s", p.Request.Body, mustJSON(tt.want))
			}
		})
	}
	for _, id := range []string{"missing-body-field:POST /alerts:[0]", "malformed-body-shape:PUT /tags:empty-array"} {
		if _, ok := byID[id]; ok {
			t.Errorf("unexpected probe %s", id)
		}
	}
}
