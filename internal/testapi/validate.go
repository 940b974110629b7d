package testapi

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// NewBook: required members and a check per declared member; any other
// member is refused (additionalProperties: false).
var (
	bookRequired = []string{"title", "isbn", "year"}
	bookMembers  = map[string]func(any) string{
		"title": stringOf(1, 100, nil),
		"isbn":  stringOf(0, -1, regexp.MustCompile(`^[0-9-]{10,17}$`)),
		"year":  integerIn(1450, 2100),
		"genre": enumOf("fiction", "nonfiction"),
	}
)

// validateBook returns the JSON pointer and the problem of the first
// member that breaks the NewBook schema, or "", "".
func validateBook(doc any) (ptr, msg string) {
	obj, ok := doc.(map[string]any)
	if !ok {
		return "/", "must be a JSON object"
	}
	for _, name := range bookRequired {
		if _, ok := obj[name]; !ok {
			return "/" + name, "is required"
		}
	}
	names := make([]string, 0, len(obj))
	for k := range obj {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		check, known := bookMembers[k]
		if !known {
			return "/" + k, "is not a member of a book"
		}
		if msg := check(obj[k]); msg != "" {
			return "/" + k, msg
		}
	}
	return "", ""
}

// stringOf checks a string's length in characters (max -1: unbounded) and pattern.
func stringOf(minLen, maxLen int, re *regexp.Regexp) func(any) string {
	return func(v any) string {
		s, ok := v.(string)
		n := utf8.RuneCountInString(s)
		switch {
		case !ok:
			return "must be a string"
		case n < minLen || (maxLen >= 0 && n > maxLen):
			return fmt.Sprintf("must be %d to %d characters long", minLen, maxLen)
		case re != nil && !re.MatchString(s):
			return "must match " + re.String()
		}
		return ""
	}
}

func integerIn(lo, hi int64) func(any) string {
	return func(v any) string {
		num, ok := v.(json.Number)
		if !ok {
			return "must be an integer"
		}
		n, err := num.Int64()
		switch {
		case err != nil:
			return "must be an integer"
		case n < lo || n > hi:
			return fmt.Sprintf("must be between %d and %d", lo, hi)
		}
		return ""
	}
}

// enumOf checks that a value is one of the allowed strings.
func enumOf(allowed ...string) func(any) string {
	return func(v any) string {
		if s, ok := v.(string); !ok || !slices.Contains(allowed, s) {
			return "must be one of " + strings.Join(allowed, ", ")
		}
		return ""
	}
}
