package checks

import "testing"

func TestAuthConsistency(t *testing.T) {
	t.Parallel()
	view := func(check string, status int, shape string) RunView {
		return RunView{ProbeID: check + ":GET /x", CheckID: check, Family: FamilyForbidden, Op: "GET /x", Status: status, Shape: shape}
	}
	tests := []struct {
		name  string
		views []RunView
		want  []int // indexes reported
	}{
		{"alike", []RunView{view("auth-missing", 401, "problem+json"), view("auth-invalid", 401, "problem+json"), view("auth-expired-token", 401, "problem+json")}, nil},
		{"status differs", []RunView{view("auth-missing", 401, "problem+json"), view("auth-invalid", 403, "problem+json"), view("auth-expired-token", 401, "problem+json")}, []int{1}},
		{"shape differs", []RunView{view("auth-missing", 401, "text/plain"), view("auth-invalid", 401, "problem+json"), view("auth-expired-token", 401, "problem+json")}, []int{0}},
		{"other operation", []RunView{view("auth-missing", 401, "x"), {CheckID: "auth-invalid", Op: "GET /y", Status: 403, Shape: "x"}}, nil},
		{"not auth probes", []RunView{view("malformed-json-syntax", 400, "x"), view("auth-missing", 401, "x")}, nil},
	}
	j, err := NewJudge(SchemaAuto, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []int
			authConsistency(j, tt.views, func(i int, _ string) {
				got = append(got, i)
			})
			if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
				t.Errorf("reported %v, want %v", got, tt.want)
			}
		})
	}
}
