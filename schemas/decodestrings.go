package schemas

import (
	"encoding/json"
	"net/http"
	"strconv"
	"unicode/utf8"
)

// String helpers of jsonScan: escapes, the word-at-a-time scan and the
// values it hands out once.

// plainASCII8 reports whether none of the eight bytes in x needs a look:
// none is a quote, a backslash, a control byte or non-ASCII. Long strings
// are then scanned eight bytes at a time.
func plainASCII8(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	hasZero := func(y uint64) uint64 { return (y - ones) &^ y & highs }
	below := (x - ones*0x20) & ^x & highs // some byte < 0x20 (or ≥ 0x80, caught below)
	return below|x&highs|hasZero(x^ones*'"')|hasZero(x^ones*'\\') == 0
}

// escaped finishes a string whose first backslash is at i, building it in
// a new buffer.
func (s *jsonScan) escaped(start, i int) (string, bool) {
	buf := []byte(s.s[start:i])
	for i < len(s.s) {
		c := s.s[i]
		switch {
		case c == '"':
			s.i = i + 1
			return string(buf), true
		case c < 0x20:
			return "", false
		case c != '\\':
			r, size := utf8.DecodeRuneInString(s.s[i:])
			if r == utf8.RuneError && size == 1 {
				return "", false
			}
			buf = append(buf, s.s[i:i+size]...)
			i += size
			continue
		}
		if i+1 >= len(s.s) {
			return "", false
		}
		switch e := s.s[i+1]; e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := hex4(s.s[i+2:])
			if !ok || r >= 0xd800 && r < 0xe000 {
				return "", false // surrogates: encoding/json pairs or replaces them
			}
			buf = utf8.AppendRune(buf, r)
			i += 4
		default:
			return "", false
		}
		i += 2
	}
	return "", false
}

// hex4 reads the four hex digits of a \u escape.
func hex4(s string) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[:4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// Error bodies repeat a few values: reason phrases as titles and error
// names, "about:blank", status codes. Handing out one boxed copy of each
// saves an allocation per member; boxed strings are immutable, so sharing
// them is safe.
var (
	internedStrings = func() map[string]any {
		m := map[string]any{"about:blank": "about:blank"}
		for code := 100; code < 600; code++ {
			if t := http.StatusText(code); t != "" {
				m[t] = t
			}
		}
		return m
	}()
	internMaxLen = func() int {
		n := 0
		for s := range internedStrings {
			n = max(n, len(s))
		}
		return n
	}()
	// internedStatus holds json.Number("100") to json.Number("599").
	internedStatus = func() []any {
		out := make([]any, 500)
		for i := range out {
			out[i] = json.Number(strconv.Itoa(100 + i))
		}
		return out
	}()
)
