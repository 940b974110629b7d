package report

import (
	"strings"
	"testing"
)

// FuzzWriteQuoted: the curl builder's in-place quoting equals shellQuote.
func FuzzWriteQuoted(f *testing.F) {
	for _, s := range []string{"", "a", "'", "a'b''c", "\x00", "x\x00'\x00y", "é'☃"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var sb strings.Builder
		writeQuoted(&sb, s)
		if got, want := sb.String(), shellQuote(s); got != want {
			t.Fatalf("writeQuoted(%q) = %q, want %q", s, got, want)
		}
	})
}

// shellQuote is the plain reference quoting writeQuoted must equal.
func shellQuote(s string) string {
	s = strings.ReplaceAll(s, "\x00", "")
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
