package checks

import (
	"reflect"
	"strings"
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

// Requests creating different kinds of resource get different names;
// requests naming one resource agree, whatever member names it.
func TestNameFamilies(t *testing.T) {
	t.Parallel()
	str := &openapi.Schema{Types: []string{"string"}}
	body := func(members ...string) *openapi.RequestBody {
		s := &openapi.Schema{Types: []string{"object"}, Properties: map[string]*openapi.Schema{}}
		for _, m := range members {
			s.Properties[m] = str
		}
		return &openapi.RequestBody{ContentType: "application/json", Schema: s}
	}
	ops := map[string]*openapi.RequestBody{
		"POST /v3/auth/role/add": body("name"), "POST /v3/auth/role/delete": body("role"),
		"POST /v3/auth/user/add": body("name"), "POST /v3/auth/user/grant": body("user", "role"),
		"POST /orgs": body("login"), "POST /admin/users": body("login"), "PATCH /orgs/{org}": body("login"),
		"POST /repos/{owner}/{repo}/transfer": body("new_owner"), "GET /repos/{owner}/{repo}": nil,
	}
	spec := &openapi.Spec{}
	for key, b := range ops {
		m, p, _ := strings.Cut(key, " ")
		spec.Operations = append(spec.Operations, &openapi.Operation{Method: m, Path: p, Body: b})
		spec.Paths = append(spec.Paths, &openapi.Path{Template: p, Methods: []string{m}})
	}
	g := &Gen{Spec: spec, Seed: 1}
	name := func(key, member string) string {
		for _, op := range spec.Operations {
			if op.Key() == key {
				return g.uniqueNames(op, map[string]any{member: bareName}, op.Body.Schema, "").(map[string]any)[member].(string)
			}
		}
		t.Fatalf("no %s", key)
		return ""
	}
	role, user, org := name("POST /v3/auth/role/add", "name"), name("POST /v3/auth/user/add", "name"), name("POST /orgs", "login")
	same := [][2]string{
		{role, name("POST /v3/auth/role/delete", "role")}, {role, name("POST /v3/auth/user/grant", "role")},
		{user, name("POST /v3/auth/user/grant", "user")}, {org, name("PATCH /orgs/{org}", "login")},
	}
	for i, s := range same {
		if s[0] != s[1] || !IsUniqueName(s[0]) {
			t.Errorf("pair %d: %q and %q, want one unique name", i, s[0], s[1])
		}
	}
	distinct := []string{role, user, org, name("POST /admin/users", "login"), name("POST /repos/{owner}/{repo}/transfer", "new_owner")}
	seen := map[string]bool{}
	for _, n := range distinct {
		if seen[n] {
			t.Errorf("%q twice in %q", n, distinct)
		}
		seen[n] = true
	}
	if again := (&Gen{Spec: spec, Seed: 1}); again.uniqueNames(spec.Operations[0], bareName, str, "/x") != (&Gen{Spec: spec, Seed: 1}).uniqueNames(spec.Operations[0], bareName, str, "/x") {
		t.Error("not deterministic")
	}
}
