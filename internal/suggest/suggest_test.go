package suggest

import "testing"

func TestClosest(t *testing.T) {
	t.Parallel()
	flags := []string{"--spec", "--target", "--timeout", "--report", "--concurrency", "--config"}
	for _, tc := range []struct {
		word string
		want string
	}{
		{"--targte", "--target"}, // transposition
		{"--taget", "--target"},  // deletion
		{"--TARGET", "--target"}, // case
		{"--concurency", "--concurrency"},
		{"--reports", "--report"},
		{"--spex", "--spec"},
		{"--zzzzzzzz", ""}, // nothing near
		{"--x", ""},
	} {
		if got := Closest(tc.word, flags); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

func TestDistance(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"abc", "abc", 0},
		{"abc", "acb", 1}, {"kitten", "sitting", 3}, {"ca", "abc", 3},
		{"concurency", "concurrency", 1}, {"naïve", "naive", 1},
	} {
		if got := distance(tc.a, tc.b); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := distance(tc.b, tc.a); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d (not symmetric)", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	t.Parallel()
	ids := []string{"error-content-type", "server-error", "json-truncated"}
	if got, want := DidYouMean("server-eror", ids), "; did you mean server-error?"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := DidYouMean("completely-else", ids); got != "" {
		t.Errorf("got %q for an unrelated word, want none", got)
	}
}
