package report

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestWrap: on a terminal of a given width prose is wrapped at spaces, each
// line after the pad and within the width (a longer word stays whole);
// without a width, one line.
func TestWrap(t *testing.T) {
	t.Parallel()
	text := "Register a JSON handler for HTTPException before any catch-all Exception handler, which otherwise turns every 405 into a 500."
	if got := NewTerminal(Options{}).wrap("   ", text); got != "   "+text {
		t.Errorf("no width: %q", got)
	}
	got := NewTerminal(Options{Width: 40}).wrap("   ", text+" https://example.com/a-very-long-word-that-cannot-be-broken-anywhere")
	for _, line := range strings.Split(got, "\n") {
		if !strings.HasPrefix(line, "   ") || (utf8.RuneCountInString(line) > 40 && strings.Contains(strings.TrimSpace(line), " ")) {
			t.Errorf("line %q: not padded or too wide", line)
		}
	}
	if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(text+" https://example.com/a-very-long-word-that-cannot-be-broken-anywhere"), " ") {
		t.Errorf("words lost or changed: %q", got)
	}
}
