package report

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// excerpt returns the first n runes of s on one line, with control
// characters escaped so a hostile body cannot drive the terminal.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	cut := false
	if r := []rune(s); len(r) > n {
		s, cut = string(r[:n]), true
	}
	s = escape(s)
	if cut {
		s += "…"
	}
	return s
}

// escape makes s safe to print: control and format characters (ANSI
// escapes, bidi overrides) are shown as Go escapes, never interpreted.
func escape(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			// An invalid byte such as 0x9b (a one-byte CSI) is shown, not sent.
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case unsafeRune(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// statusWords renders expected statuses as "400, 404 or 422".
func statusWords(s []int) string {
	parts := make([]string, len(s))
	for i, n := range s {
		parts[i] = strconv.Itoa(n)
	}
	switch len(parts) {
	case 0:
		return "an error status"
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
