package checks

import (
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

func TestIrreversible(t *testing.T) {
	t.Parallel()
	tests := []struct {
		method, path, opID, summary string
		want                        string
	}{
		{"POST", "/repos/{owner}/{repo}/transfer", "", "", "transfer"},
		{"POST", "/repos/{owner}/{repo}/moves", "", "", "move"},
		{"PATCH", "/repos/{owner}/{repo}", "renameRepo", "", "rename"},
		{"POST", "/api/v1/{name}:rotate", "", "", "rotate"},
		{"POST", "/user/password-reset", "", "", "reset"},
		{"POST", "/workflows/{id}/runs", "", "", "run"},
		{"POST", "/jobs/{id}", "", "Run the job now", "run"},
		{"POST", "/pulls/{n}", "mergePullRequest", "", "merge"},
		{"PUT", "/repos/{o}/{r}/archived", "", "", "archive"},
		{"POST", "/deployments", "", "", "deploy"},
		{"POST", "/admin/shutdown", "", "", "shutdown"},
		{"PUT", "/cron/{id}", "", "", "cron"},
		{"DELETE", "/token", "", "", "deletes the identity errprobe uses"},
		{"DELETE", "/api/session", "", "", "deletes the identity errprobe uses"},
		{"DELETE", "/users/me", "", "", "deletes the identity errprobe uses"},
		{"DELETE", "/user", "", "", "deletes the identity errprobe uses"},
		// Not irreversible: reads, other words, words inside words.
		{"GET", "/repos/{owner}/{repo}/transfer", "", "", ""},
		{"POST", "/runners", "", "", ""},
		{"POST", "/runners/{id}/labels", "createRunnerLabel", "Add labels to a runner", ""},
		{"DELETE", "/pets/{id}", "deletePet", "Remove a pet", ""},
		{"DELETE", "/users/{id}", "", "", ""},
		{"POST", "/pets", "addPet", "Add a new pet to the store", ""},
		{"PUT", "/pet", "updatePet", "Update an existing pet", ""},
		{"POST", "/movies", "", "", ""},
		{"POST", "/truncate", "", "Reset nothing: rerun", "reset"},
		{"POST", "/settings", "", "Preset a value", ""},
	}
	for _, tc := range tests {
		op := &openapi.Operation{Method: tc.method, Path: tc.path, OperationID: tc.opID, Summary: tc.summary}
		if got := Irreversible(op); got != tc.want {
			t.Errorf("Irreversible(%s %s %q %q) = %q, want %q", tc.method, tc.path, tc.opID, tc.summary, got, tc.want)
		}
	}
}

func TestHoldBack(t *testing.T) {
	t.Parallel()
	transfer := &openapi.Operation{Method: "POST", Path: "/repos/{o}/{r}/transfer"}
	token := &openapi.Operation{Method: "DELETE", Path: "/token"}
	pets := &openapi.Operation{Method: "POST", Path: "/pets"}
	mk := func(op *openapi.Operation, check, identity string) Probe {
		fam := FamilyMalformed
		if check == CheckControl {
			fam = FamilyControl
		}
		return Probe{ID: check + ":" + op.Key(), CheckID: check, Family: fam, Op: op, Request: Request{Method: op.Method, Path: op.Path, Identity: identity}}
	}
	probes := []Probe{
		mk(transfer, CheckControl, IdentityAuthorized),
		mk(transfer, "malformed-json-syntax", IdentityAuthorized),
		mk(transfer, "auth-missing", ""),
		mk(transfer, "malformed-field-type", IdentityAuthorized),
		mk(token, CheckControl, IdentityAuthorized),
		mk(token, "auth-low-privilege", IdentityLow),
		mk(pets, CheckControl, IdentityAuthorized),
	}
	tests := []struct {
		name    string
		allowed func(*openapi.Operation) bool
		held    []bool
	}{
		{"by default", nil, []bool{true, false, false, true, true, true, false}},
		{"allowed", func(*openapi.Operation) bool { return true }, []bool{false, false, false, false, false, true, false}},
		{"transfer allowed", func(op *openapi.Operation) bool { return op == transfer }, []bool{false, false, false, false, true, true, false}},
	}
	for _, tc := range tests {
		ps := append([]Probe(nil), probes...)
		n := HoldBack(ps, tc.allowed)
		want := 0
		for i, p := range ps {
			if (p.Hold != "") != tc.held[i] {
				t.Errorf("%s: %s held = %q, want held %v", tc.name, p.ID, p.Hold, tc.held[i])
			}
			if tc.held[i] {
				want++
			}
		}
		if n != want {
			t.Errorf("%s: HoldBack = %d, want %d", tc.name, n, want)
		}
	}
}
