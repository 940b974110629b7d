package checks

import (
	"reflect"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

func str(format string) *openapi.Schema {
	return &openapi.Schema{Types: []string{"string"}, Format: format}
}

func object(required []string, props map[string]*openapi.Schema) *openapi.Schema {
	return &openapi.Schema{Types: []string{"object"}, Required: required, Properties: props}
}

// TestSampleTimes: Alertmanager refused the "valid" silence errprobe built
// because startsAt and endsAt were the same fixed instant.
func TestSampleTimes(t *testing.T) {
	t.Parallel()
	testSamples(t, []sampleCase{
		{"silence: start before end", object([]string{"startsAt", "endsAt", "comment"}, map[string]*openapi.Schema{
			"startsAt": str("date-time"), "endsAt": str("date-time"), "comment": str("")}),
			map[string]any{"startsAt": "2099-01-01T00:00:00Z", "endsAt": "2099-01-01T01:00:00Z", "comment": "errprobe"}},
		{"names decide, not the alphabet", object([]string{"validUntil", "validFrom", "notBefore", "createdAt"}, map[string]*openapi.Schema{
			"validUntil": str("date-time"), "validFrom": str("date-time"), "notBefore": str("date-time"), "createdAt": str("date-time")}),
			map[string]any{"notBefore": "2099-01-01T00:00:00Z", "validFrom": "2099-01-01T01:00:00Z", "createdAt": "2099-01-01T02:00:00Z", "validUntil": "2099-01-01T03:00:00Z"}},
		{"dates: days apart", object([]string{"check_in", "check_out_by", "arrival"}, map[string]*openapi.Schema{
			"check_in": str("date"), "arrival": str("date"), "check_out_by": str("date")}),
			map[string]any{"arrival": "2099-01-01", "check_in": "2099-01-02", "check_out_by": "2099-01-03"}},
		{"no clear names: name order", object([]string{"b", "a"}, map[string]*openapi.Schema{"a": str("date-time"), "b": str("date-time")}),
			map[string]any{"a": "2099-01-01T00:00:00Z", "b": "2099-01-01T01:00:00Z"}},
		{"an example is kept", object([]string{"startsAt", "endsAt"}, map[string]*openapi.Schema{
			"startsAt": {Types: []string{"string"}, Format: "date-time", Example: "2030-05-05T00:00:00Z", HasExample: true}, "endsAt": str("date-time")}),
			map[string]any{"startsAt": "2030-05-05T00:00:00Z", "endsAt": "2099-01-01T00:00:00Z"}},
	})
}

// sampleCase is one schema and the value Sample must build for it.
type sampleCase struct {
	name   string
	schema *openapi.Schema
	want   any
}

func testSamples(t *testing.T, tests []sampleCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Sample(tt.schema); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sample = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestSampleParamTimes(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, want string }{
		{"from", "2099-01-01T00:00:00Z"}, {"at", "2099-01-01T01:00:00Z"}, {"to", "2099-01-01T02:00:00Z"}, {"endTime", "2099-01-01T02:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := SampleParam(&openapi.Parameter{Name: tt.name, In: "query", Schema: str("date-time")}); got != tt.want {
				t.Errorf("SampleParam = %v, want %s", got, tt.want)
			}
		})
	}
}

func TestTimeRole(t *testing.T) {
	t.Parallel()
	tests := map[string]int{
		"startsAt": 0, "begin_date": 0, "since": 0, "validFrom": 0, "notBefore": 0, "createdAfter": 0,
		"endsAt": 2, "expires_at": 2, "until": 2, "validUntil": 2, "notAfter": 2, "dueDate": 2, "to": 2, "closed-at": 2,
		"createdAt": 1, "timestamp": 1, "token": 1, "total": 1, "dateOfBirth": 1,
	}
	for name, want := range tests {
		if got := timeRole(name); got != want {
			t.Errorf("timeRole(%q) = %d, want %d", name, got, want)
		}
	}
}

// TestSampleOptional: PowerDNS's Zone requires nothing in its schema, yet
// the server needs name and kind; an object without required properties
// is filled with all of them.
func TestSampleOptional(t *testing.T) {
	t.Parallel()
	nested := func(depth int) *openapi.Schema {
		s := object(nil, map[string]*openapi.Schema{"leaf": str("")})
		for range depth {
			s = object(nil, map[string]*openapi.Schema{"next": s})
		}
		return s
	}
	testSamples(t, []sampleCase{
		{"zone: no required, all filled but readOnly", object(nil, map[string]*openapi.Schema{
			"name": str(""), "kind": {Types: []string{"string"}, Enum: []any{"Native", "Master"}},
			"id": {Types: []string{"string"}, ReadOnly: true}, "serial": {Types: []string{"integer"}},
			"nameservers": {Types: []string{"array"}, Items: str("hostname")}}),
			map[string]any{"name": "errprobe", "kind": "Native", "serial": int64(1), "nameservers": []any{"example.com"}}},
		{"required present: only those", object([]string{"name"}, map[string]*openapi.Schema{"name": str(""), "kind": str("")}),
			map[string]any{"name": "errprobe"}},
		{"bounded depth", nested(4), map[string]any{"next": map[string]any{"next": map[string]any{"next": map[string]any{}}}}},
		{"optional times still ordered", object(nil, map[string]*openapi.Schema{"end": str("date-time"), "start": str("date-time")}),
			map[string]any{"start": "2099-01-01T00:00:00Z", "end": "2099-01-01T01:00:00Z"}},
	})
}
