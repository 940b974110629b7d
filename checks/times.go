package checks

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/errprobe/errprobe/internal/openapi"
)

// maxOptionalDepth bounds how deep optional properties are filled in when
// a schema requires none: deeper objects get only what they require.
const maxOptionalDepth = 3

// timeBase is the first generated date-time: far enough in the future for
// any window, booking or silence that must not lie in the past.
var timeBase = time.Date(2099, time.January, 1, 0, 0, 0, 0, time.UTC)

// timeAt returns the i-th generated value of a date or date-time format:
// timeBase plus i hours (date-time) or i days (date).
func timeAt(format string, i int) (string, bool) {
	switch format {
	case "date-time":
		return timeBase.Add(time.Duration(i) * time.Hour).Format(time.RFC3339), true
	case "date":
		return timeBase.AddDate(0, 0, i).Format(time.DateOnly), true
	}
	return "", false
}

// sampleObject fills an object: its required properties, or every one
// that is not readOnly when it requires none (to maxOptionalDepth). The
// generated times among them get distinct, increasing values.
func sampleObject(s *openapi.Schema, depth int) map[string]any {
	all := len(s.Required) == 0 && depth < maxOptionalDepth
	obj := map[string]any{}
	var times []string
	for _, name := range s.PropertyNames() {
		p := s.Properties[name]
		switch {
		case p.ReadOnly || !all && !s.IsRequired(name):
		case generatedTime(p):
			times = append(times, name)
		default:
			obj[name] = sample(p, depth+1)
		}
	}
	for i, name := range timeOrder(times) {
		obj[name] = sampleStringAt(s.Properties[name], i)
	}
	if len(s.Properties) == 0 && s.AdditionalProperties != nil {
		// A map (labels, metadata): one entry is likelier valid than none
		// (Alertmanager wants at least one label).
		obj["errprobe"] = sample(s.AdditionalProperties, depth+1)
	}
	return obj
}

// generatedTime reports whether sample would build s's value from its
// date or date-time format rather than take it from the description.
func generatedTime(s *openapi.Schema) bool {
	if s == nil || s.Format != "date-time" && s.Format != "date" {
		return false
	}
	given := s.HasExample && !s.WriteOnly || s.HasDefault || len(s.Enum) > 0 || s.HasConst
	return !given && len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) == 0 && s.Type() == "string"
}

// timeOrder sorts time properties the way their names say they follow
// each other (startsAt before endsAt, from before until), the others
// between them by name: the model keeps no declaration order.
func timeOrder(names []string) []string {
	out := slices.Clone(names)
	slices.SortStableFunc(out, func(a, b string) int {
		if d := timeRole(a) - timeRole(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return out
}

// Words that open and close a time span, matched against a name's words.
var (
	openingWords = []string{"start", "begin", "from", "since", "after", "open", "valid"}
	closingWords = []string{"end", "until", "till", "to", "expir", "stop", "finish", "clos", "deadline", "due", "before"}
)

// timeRole is 0 for a name that opens a span, 2 for one that closes it,
// 1 otherwise. A closing word wins (validUntil); "not" turns the next
// word round (notBefore opens, notAfter closes).
func timeRole(name string) int {
	role := 1
	words := nameWords(name)
	for i, w := range words {
		opening, closing := hasWordPrefix(w, openingWords), hasWordPrefix(w, closingWords)
		if i > 0 && words[i-1] == "not" {
			opening, closing = closing, opening
		}
		switch {
		case closing:
			return 2
		case opening:
			role = 0
		}
	}
	return role
}

func hasWordPrefix(w string, prefixes []string) bool {
	for _, p := range prefixes {
		if p == "to" && w == "to" || p != "to" && strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// nameWords splits camelCase, snake_case and kebab-case into lower-case words.
func nameWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for i, r := range name {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
			continue
		case unicode.IsUpper(r) && i > 0:
			flush()
		}
		cur = append(cur, r)
	}
	flush()
	return words
}
