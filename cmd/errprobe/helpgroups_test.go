package main

import (
	"strings"
	"testing"
)

// TestRunHelpGroups: run --help lists the essential flags first, then the
// groups. Not parallel: urfave/cli v2 mutates its global HelpFlag.
func TestRunHelpGroups(t *testing.T) {
	code, stdout, stderr := errprobeCLI(t, "run", "--help")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	order := []string{"--spec value", "--target value", "--wait-for-target", "Expectations", "--preset", "Gating", "--baseline",
		"Operations", "Output", "--color", "Probes", "--skip", "Sending and safety", "--concurrency"}
	last := -1
	for _, want := range order {
		i := strings.Index(stdout, want)
		if i < 0 {
			t.Fatalf("run --help lacks %q:\n%s", want, stdout)
		}
		if i < last {
			t.Errorf("%q comes before what precedes it in %v", want, order)
		}
		last = i
	}
}
