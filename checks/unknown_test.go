package checks

import (
	"regexp"
	"slices"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

// TestItemRouteProbes: Alertmanager 0.25's DELETE /silence/{silenceID}
// (a uuid, no body, no security) got no probe at all.
func TestItemRouteProbes(t *testing.T) {
	t.Parallel()
	g := &Gen{Spec: loadSpec(t, "testdata/specs/silence.yaml"), Seed: 1}
	probes, _ := Plan(g, Filter{})
	byID := map[string]Probe{}
	for _, p := range probes {
		byID[p.ID] = p
	}
	uuid := regexp.MustCompile(`^/silence/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	tests := []struct {
		id, path string // path "" means any well-formed UUID path
		statuses []int
	}{
		{"unknown-resource:GET /silence/{silenceID}:silenceID", "", []int{404}},
		{"unknown-resource:DELETE /silence/{silenceID}:silenceID", "", []int{404}},
		{"malformed-param-format:GET /silence/{silenceID}:path:silenceID:uuid", "/silence/not-a-uuid", []int{400, 404, 422}},
		{"malformed-param-format:DELETE /silence/{silenceID}:path:silenceID:uuid", "/silence/not-a-uuid", []int{400, 404, 422}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			p, ok := byID[tt.id]
			switch {
			case !ok:
				t.Fatalf("no probe %s", tt.id)
			case tt.path == "" && (!uuid.MatchString(p.Request.Path) || p.Request.Path == "/silence/3fa85f64-5717-4562-b3fc-2c963f66afa6"):
				t.Errorf("path %s, want a version 4 UUID other than the sample", p.Request.Path)
			case tt.path != "" && p.Request.Path != tt.path:
				t.Errorf("path %s, want %s", p.Request.Path, tt.path)
			case !slices.Equal(p.Expect.Statuses, tt.statuses):
				t.Errorf("expect %v, want %v", p.Expect.Statuses, tt.statuses)
			}
		})
	}
	again, _ := Plan(&Gen{Spec: g.Spec, Seed: 1}, Filter{})
	other, _ := Plan(&Gen{Spec: g.Spec, Seed: 2}, Filter{})
	id := "unknown-resource:DELETE /silence/{silenceID}:silenceID"
	if find(again, id).Request.Path != byID[id].Request.Path || find(other, id).Request.Path == byID[id].Request.Path {
		t.Error("the unknown UUID is not a function of the seed")
	}
}

func find(ps []Probe, id string) Probe {
	for _, p := range ps {
		if p.ID == id {
			return p
		}
	}
	return Probe{}
}

func TestResourceParam(t *testing.T) {
	t.Parallel()
	str := &openapi.Schema{Types: []string{"string"}}
	op := func(method, path string, doc404 bool, names ...string) *openapi.Operation {
		o := &openapi.Operation{Method: method, Path: path}
		for _, n := range names {
			o.Parameters = append(o.Parameters, &openapi.Parameter{Name: n, In: "path", Required: true, Schema: str})
		}
		if doc404 {
			o.Responses = []*openapi.Response{{Status: "404"}}
		}
		return o
	}
	tests := []struct {
		name string
		op   *openapi.Operation
		want string
	}{
		{"get item", op("GET", "/a/{id}", false, "id"), "id"},
		{"delete item", op("DELETE", "/a/{id}", false, "id"), "id"},
		{"last in template, not in list", op("POST", "/a/{x}/b/{y}/stop", false, "y", "x"), "y"},
		{"put may create the item", op("PUT", "/a/{id}", false, "id"), ""},
		{"put: the parent instead", op("PUT", "/o/{org}/blocks/{user}", false, "org", "user"), "org"},
		{"put documenting 404", op("PUT", "/a/{id}", true, "id"), "id"},
		{"put under the item", op("PUT", "/a/{id}/enable", false, "id"), "id"},
		{"no path parameter", op("GET", "/a", false), ""},
		{"head", op("HEAD", "/a/{id}", false, "id"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := ""
			if p := resourceParam(tt.op); p != nil {
				got = p.Name
			}
			if got != tt.want {
				t.Errorf("resourceParam = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNonexistent(t *testing.T) {
	t.Parallel()
	g := &Gen{Seed: 1}
	tests := []struct {
		name   string
		schema *openapi.Schema
		want   string // "" means none
	}{
		{"integer", &openapi.Schema{Types: []string{"integer"}}, "2147483647"},
		{"integer maximum", &openapi.Schema{Types: []string{"integer"}, Maximum: f(99)}, "99"},
		{"uuid", &openapi.Schema{Types: []string{"string"}, Format: "uuid"}, g.uuid("resource")},
		{"string", &openapi.Schema{Types: []string{"string"}}, "errprobe-missing-" + g.token("resource")},
		{"max length", &openapi.Schema{Types: []string{"string"}, MaxLength: u(8)}, "errprobe"},
		{"min length", &openapi.Schema{Types: []string{"string"}, MinLength: 27}, "errprobe-missing-" + g.token("resource") + "xx"},
		{"pattern it fits", &openapi.Schema{Types: []string{"string"}, Pattern: "^[a-z0-9-]+$"}, "errprobe-missing-" + g.token("resource")},
		{"pattern it breaks", &openapi.Schema{Types: []string{"string"}, Pattern: "^[0-9]+$"}, ""},
		{"boolean", &openapi.Schema{Types: []string{"boolean"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := nonexistent(g, tt.schema)
			if !ok {
				got = ""
			}
			if got != tt.want {
				t.Errorf("nonexistent = %q, want %q", got, tt.want)
			}
		})
	}
}
