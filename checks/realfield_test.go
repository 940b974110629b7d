package checks

import "testing"

// TestIntoField: the raw value goes into a real field of the kind asked
// for, a field that names the item last, the first item of an array body;
// a body without fields gets errprobe's own member.
func TestIntoField(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, sample string
		want         func(any) bool
		out          string
	}{
		{"a number field", `{"name":"a","price":9.5,"tag":"x"}`, isNumber, `{"name":"a","price":RAW,"tag":"x"}`},
		{"a string field, not the name", `{"name":"a","note":"b"}`, isString, `{"name":"a","note":RAW}`},
		{"only the name", `{"username":"a"}`, isString, `{"username":RAW}`},
		{"no number: a field not naming the item", `{"id":"1","note":"b"}`, isNumber, `{"id":"1","note":RAW}`},
		{"array body", `[{"count":1}]`, isNumber, `[{"count":RAW}]`},
		{"array of texts", `["a"]`, isString, `[RAW]`},
		{"empty object", `{}`, isString, `{"errprobe":RAW}`},
		{"not JSON", `errprobe`, isString, `{"errprobe":RAW}`},
	}
	for _, tt := range tests {
		if got := string(intoField([]byte(tt.sample), []byte("RAW"), tt.want)); got != tt.out {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.out)
		}
	}
}
