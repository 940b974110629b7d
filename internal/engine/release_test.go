package engine

import (
	"fmt"
	"testing"

	"github.com/errprobe/errprobe/checks"
)

// TestReleasing checks that the releasing feed yields every probe in plan
// order, clears the caller's slice, and stops when the consumer does.
func TestReleasing(t *testing.T) {
	for _, tc := range []struct {
		name      string
		n, stopAt int // stopAt < 0: consume everything
	}{
		{"empty", 0, -1},
		{"one", 1, -1},
		{"one chunk exactly", releaseChunk, -1},
		{"chunks and a rest", 2*releaseChunk + 7, -1},
		{"early stop", 3 * releaseChunk, releaseChunk + 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			probes := make([]checks.Probe, tc.n)
			for i := range probes {
				probes[i].ID = fmt.Sprint(i)
			}
			feed := releasing(probes)
			for i, p := range probes {
				if p.ID != "" {
					t.Fatalf("probe %d still held by the caller's slice", i)
				}
			}
			got := 0
			for p := range feed {
				if p.ID != fmt.Sprint(got) {
					t.Fatalf("probe %d: got ID %q", got, p.ID)
				}
				got++
				if got == tc.stopAt {
					break
				}
			}
			want := tc.n
			if tc.stopAt >= 0 {
				want = tc.stopAt
			}
			if got != want {
				t.Fatalf("yielded %d probes, want %d", got, want)
			}
		})
	}
}
