package report

import "testing"

// TestJUnitClass: class names carry no spaces or slashes, and dots only
// between parts, so CI tools read them as a package path.
func TestJUnitClass(t *testing.T) {
	t.Parallel()
	tests := []struct {
		op   Operation
		want string
	}{
		{Operation{Method: "POST", Path: "/pets/{id}"}, "errprobe.malformed.POST.pets.{id}"},
		{Operation{Method: "GET", Path: "/"}, "errprobe.malformed.GET"},
		{Operation{Method: "GET", Path: "/v1.2/files/a b.txt"}, "errprobe.malformed.GET.v1_2.files.a_b_txt"},
	}
	for _, tt := range tests {
		if got := junitClass("malformed", tt.op); got != tt.want {
			t.Errorf("junitClass(%v) = %q, want %q", tt.op, got, tt.want)
		}
	}
}
