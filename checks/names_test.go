package checks

import (
	"reflect"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

func TestKeepItemName(t *testing.T) {
	t.Parallel()
	name := &openapi.Parameter{Name: "key_name", In: "path"}
	params := map[*openapi.Parameter]string{name: "prod-key"}
	body := map[string]any{"name": "errprobe1a2b3c4d", "ttl": 3.0}
	tests := []struct {
		method, path string
		want         any
	}{
		{"PUT", "/keys/{key_name}", map[string]any{"name": "prod-key", "ttl": 3.0}},
		{"PATCH", "/keys/{key_name}", map[string]any{"name": "prod-key", "ttl": 3.0}},
		{"POST", "/keys/{key_name}", body},       // not an update
		{"PUT", "/keys/{key_name}/labels", body}, // the path names another resource
		{"PUT", "/keys/{other}", body},           // no value for it
	}
	for _, tc := range tests {
		op := &openapi.Operation{Method: tc.method, Path: tc.path, Parameters: []*openapi.Parameter{name}}
		if got := keepItemName(op, body, params); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s %s: %v, want %v", tc.method, tc.path, got, tc.want)
		}
	}
	if body["name"] != "errprobe1a2b3c4d" {
		t.Errorf("the sample was written into: %v", body)
	}
}

func TestUniqueNamesAndResalt(t *testing.T) {
	t.Parallel()
	g := &Gen{Seed: 1, AllPaths: []string{"/users", "/users/{username}"}}
	op := &openapi.Operation{Method: "POST", Path: "/users"}
	s := &openapi.Schema{Types: []string{"object"}, Properties: map[string]*openapi.Schema{
		"username": {Types: []string{"string"}}, "email": {Types: []string{"string"}, Format: "email"},
		"bio": {Types: []string{"string"}}, "code": {Types: []string{"string"}, MaxLength: new(uint64)},
	}}
	*s.Properties["code"].MaxLength = 4
	got := g.uniqueNames(op, map[string]any{"username": "alice", "email": "a@example.com", "bio": "errprobe", "code": "errprobe"}, s, "").(map[string]any)
	for _, k := range []string{"username", "bio"} {
		if v := got[k].(string); !IsUniqueName(v) {
			t.Errorf("%s = %q, want a unique name", k, v)
		}
	}
	if got["email"] != "a@example.com" || got["code"] != "errprobe" || got["username"] != got["bio"] {
		t.Errorf("uniqueNames = %v", got)
	}
	again := Resalt([]byte(`{"u":"`+got["username"].(string)+`"}`), "fixture")
	if string(again) == `{"u":"`+got["username"].(string)+`"}` || string(Resalt(again, "x")) == string(again) {
		t.Errorf("Resalt did not rename: %s", again)
	}
}
