package checks

import (
	"fmt"
	"testing"
	"unsafe"
)

// TestRunViewsRoundTrip keeps views with a shape, drops the others, and
// gives every kept view back whole with its result's index.
func TestRunViewsRoundTrip(t *testing.T) {
	t.Parallel()
	var vs RunViews
	var want []RunView
	for i := range 50 {
		v := RunView{ProbeID: fmt.Sprint("p", i), CheckID: "unknown-path", Family: FamilyUnknown, Op: "GET /x",
			Router: i%2 == 0, Status: 400 + i%3, Shape: fmt.Sprint("json:{e", i%4, "}"), Documented: i%5 == 0,
			ProblemType: fmt.Sprint("t", i%2), ProblemTitle: "T", Style: "simple"}
		if i%7 == 0 {
			v.Shape = "" // not an answered error
		} else {
			want = append(want, v)
		}
		vs.Add(i, v)
	}
	if vs.Len() != len(want) {
		t.Fatalf("%d views kept, want %d", vs.Len(), len(want))
	}
	for k, v := range vs.Views() {
		if v != want[k] {
			t.Errorf("view %d = %+v, want %+v", k, v, want[k])
		}
		if r := vs.Result(k); fmt.Sprint("p", r) != v.ProbeID {
			t.Errorf("view %d (%s) belongs to result %d", k, v.ProbeID, r)
		}
	}
}

// TestStoredViewSize holds a long run's memory: a kept view costs 64 bytes
// (a RunView 136), its strings apart from the two IDs shared by index.
func TestStoredViewSize(t *testing.T) {
	t.Parallel()
	if s := unsafe.Sizeof(storedView{}) + unsafe.Sizeof(int32(0)); s > 68 {
		t.Errorf("a kept view costs %d bytes, want at most 68 (64 and its result index)", s)
	}
}
