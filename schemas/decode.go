package schemas

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf8"
)

// ErrTrailing marks a body with data after its JSON value.
var ErrTrailing = errors.New("trailing data")

// DecodeJSON decodes one JSON value, numbers as json.Number; data after
// the value is ErrTrailing. It sits beside the schema fast path that
// validates what it returns. Most error bodies are small well-formed
// objects, which jsonScan decodes with a fraction of encoding/json's
// allocations; anything else, and every error message, is encoding/json's.
func DecodeJSON(body []byte) (any, error) {
	if doc, ok := scanJSON(body); ok {
		return doc, nil
	}
	return decodeStd(body)
}

// decodeStd is the reference decoder scanJSON must agree with.
func decodeStd(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, ErrTrailing
	}
	return doc, nil
}

// scanMaxDepth bounds jsonScan's nesting (encoding/json allows 10000).
const scanMaxDepth = 256

// scanJSON decodes body when it is one JSON value in the subset jsonScan
// handles: valid UTF-8 in strings, no \u escapes of surrogates, nesting up
// to scanMaxDepth and nothing but whitespace after the value. Within that
// subset its result is exactly decodeStd's; ok is false outside it.
//
// Strings share one copy of the body, which is why a judge that keeps a
// string beyond judging (the run-level view does) must clone it.
func scanJSON(body []byte) (doc any, ok bool) {
	s := &jsonScan{b: body, s: string(body)}
	doc, ok = s.value(0)
	s.space()
	return doc, ok && s.i == len(s.s)
}

// jsonScan reads s, a copy of b: b for speed, s for the strings it returns.
type jsonScan struct {
	b []byte
	s string
	i int
}

func (s *jsonScan) space() {
	for s.i < len(s.s) {
		switch s.s[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *jsonScan) value(depth int) (any, bool) {
	s.space()
	if s.i >= len(s.s) || depth > scanMaxDepth {
		return nil, false
	}
	switch c := s.s[s.i]; {
	case c == '{':
		return s.object(depth + 1)
	case c == '[':
		return s.array(depth + 1)
	case c == '"':
		return s.str()
	case c == '-' || c >= '0' && c <= '9':
		return s.number()
	}
	switch {
	case s.literal("true"):
		return true, true
	case s.literal("false"):
		return false, true
	case s.literal("null"):
		return nil, true
	}
	return nil, false
}

// object returns a map[string]any; later duplicate keys win, as in
// encoding/json.
func (s *jsonScan) object(depth int) (any, bool) {
	s.i++ // {
	m := map[string]any{}
	s.space()
	if s.i < len(s.s) && s.s[s.i] == '}' {
		s.i++
		return m, true
	}
	for {
		s.space()
		if s.i >= len(s.s) || s.s[s.i] != '"' {
			return nil, false
		}
		k, ok := s.strValue()
		if s.space(); !ok || s.i >= len(s.s) || s.s[s.i] != ':' {
			return nil, false
		}
		s.i++
		v, ok := s.value(depth)
		if !ok {
			return nil, false
		}
		m[k] = v
		if more, ok := s.sep('}'); !more {
			return m, ok
		}
	}
}

// array returns a []any, empty but not nil for [], as in encoding/json.
func (s *jsonScan) array(depth int) (any, bool) {
	s.i++ // [
	a := []any{}
	s.space()
	if s.i < len(s.s) && s.s[s.i] == ']' {
		s.i++
		return a, true
	}
	for {
		v, ok := s.value(depth)
		if !ok {
			return nil, false
		}
		a = append(a, v)
		if more, ok := s.sep(']'); !more {
			return a, ok
		}
	}
}

// sep consumes what follows a member: a comma (more members follow) or
// the end byte of the container.
func (s *jsonScan) sep(end byte) (more, ok bool) {
	s.space()
	if s.i < len(s.s) {
		switch s.s[s.i] {
		case ',':
			s.i++
			return true, true
		case end:
			s.i++
			return false, true
		}
	}
	return false, false
}

func (s *jsonScan) literal(text string) bool {
	if len(s.s)-s.i >= len(text) && s.s[s.i:s.i+len(text)] == text {
		s.i += len(text)
		return true
	}
	return false
}

func (s *jsonScan) str() (any, bool) {
	v, ok := s.strValue()
	if !ok {
		return nil, false
	}
	if len(v) <= internMaxLen {
		if boxed, ok := internedStrings[v]; ok {
			return boxed, true
		}
	}
	return v, true
}

// strValue reads a string at s.i (a quote). A string without escapes is a
// substring of the body, so it costs no allocation.
func (s *jsonScan) strValue() (string, bool) {
	start := s.i + 1
	for i := start; i < len(s.s); {
		if i+8 <= len(s.b) && plainASCII8(binary.LittleEndian.Uint64(s.b[i:])) {
			i += 8
			continue
		}
		switch c := s.s[i]; {
		case c == '"':
			s.i = i + 1
			return s.s[start:i], true
		case c == '\\':
			return s.escaped(start, i)
		case c < 0x20:
			return "", false
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRuneInString(s.s[i:])
			if r == utf8.RuneError && size == 1 {
				return "", false // encoding/json would substitute U+FFFD
			}
			i += size
		}
	}
	return "", false
}

// number reads a number literal as json.Number, following JSON's grammar
// exactly; encoding/json ends a number at the same byte.
func (s *jsonScan) number() (any, bool) {
	start := s.i
	if s.s[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.s) && s.s[s.i] == '0':
		s.i++
	case s.digits() == 0:
		return nil, false
	}
	if s.i < len(s.s) && s.s[s.i] == '.' {
		s.i++
		if s.digits() == 0 {
			return nil, false
		}
	}
	if s.i < len(s.s) && (s.s[s.i] == 'e' || s.s[s.i] == 'E') {
		s.i++
		if s.i < len(s.s) && (s.s[s.i] == '+' || s.s[s.i] == '-') {
			s.i++
		}
		if s.digits() == 0 {
			return nil, false
		}
	}
	lit := s.s[start:s.i]
	if len(lit) == 3 && lit[0] >= '1' && lit[0] <= '5' {
		if n, err := strconv.Atoi(lit); err == nil {
			return internedStatus[n-100], true
		}
	}
	return json.Number(lit), true
}

func (s *jsonScan) digits() int {
	start := s.i
	for s.i < len(s.s) && s.s[s.i] >= '0' && s.s[s.i] <= '9' {
		s.i++
	}
	return s.i - start
}
