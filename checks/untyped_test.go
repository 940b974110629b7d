package checks

import "testing"

// TestUntypedSchemas: where a schema's type is only inferred from its
// properties, JSON Schema admits a value of another type, so accepting []
// for the body, or a string for an untyped object field, is a warning; with
// a declared type it stays an error.
func TestUntypedSchemas(t *testing.T) {
	t.Parallel()
	probes, _ := Plan(&Gen{Spec: loadSpec(t, "testdata/specs/untyped.yaml"), Seed: 1}, Filter{})
	byID := map[string]Probe{}
	for _, p := range probes {
		byID[p.ID] = p
	}
	tests := []struct {
		id   string
		want Severity // AcceptedCap
	}{
		{"malformed-body-shape:POST /typed:empty-array", 0},
		{"malformed-body-shape:POST /typed:wrapped-in-array", 0},
		{"malformed-field-type:POST /typed:meta", 0},
		{"malformed-body-shape:POST /untyped:empty-array", SeverityWarning},
		{"malformed-body-shape:POST /untyped:wrapped-in-array", SeverityWarning},
		{"malformed-field-type:POST /untyped:meta", SeverityWarning},
		{"malformed-field-type:POST /untyped:name", 0},
	}
	for _, tt := range tests {
		p, ok := byID[tt.id]
		if !ok {
			t.Errorf("no probe %s", tt.id)
			continue
		}
		if p.Expect.AcceptedCap != tt.want {
			t.Errorf("%s: accepted cap %v, want %v", tt.id, p.Expect.AcceptedCap, tt.want)
		}
	}
}
