package checks

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
)

// wrongType returns a value whose JSON type the schema does not allow.
func wrongType(s *openapi.Schema) (any, bool) {
	if len(s.AnyOf)+len(s.OneOf) > 0 {
		return nil, false // a union admits too much to pick a wrong type safely
	}
	switch s.Merged().Type() {
	case "string":
		if numericFormat[s.Merged().Format] {
			// A number encoded as a string (proto3 JSON's int64, Go's
			// ",string"): decoders read the JSON number too, so it is no
			// mistake; a boolean is.
			return true, true
		}
		return 12345, true
	case "integer", "number":
		return "not-a-number", true
	case "boolean":
		return "not-a-boolean", true
	case "array":
		return "not-an-array", true
	case "object":
		return "not-an-object", true
	}
	return nil, false
}

// numericFormat are string formats that carry a number.
var numericFormat = map[string]bool{"int32": true, "int64": true, "uint32": true, "uint64": true, "float": true, "double": true, "decimal": true}

// badValue is one value that breaks one constraint.
type badValue struct {
	id    string // stable detail for the probe ID
	what  string // the constraint, for humans
	value any
}

// violations returns values breaking each constraint s declares, in a fixed
// order. A value is only proposed when errprobe is sure it breaks the rule.
func violations(s *openapi.Schema) []badValue {
	var out []badValue
	typ := s.Type()
	if len(s.Enum) > 0 && typ == "string" {
		out = append(out, badValue{"enum", "not one of the enum values", "errprobe-not-in-enum"})
	}
	if typ == "integer" || typ == "number" {
		if s.Minimum != nil {
			out = append(out, badValue{"minimum", "below minimum " + num(*s.Minimum), below(*s.Minimum, typ)})
		}
		if s.ExclusiveMinimum != nil {
			out = append(out, badValue{"exclusiveMinimum", "equal to exclusive minimum " + num(*s.ExclusiveMinimum), *s.ExclusiveMinimum})
		}
		if s.Maximum != nil {
			out = append(out, badValue{"maximum", "above maximum " + num(*s.Maximum), above(*s.Maximum, typ)})
		}
		if s.ExclusiveMaximum != nil {
			out = append(out, badValue{"exclusiveMaximum", "equal to exclusive maximum " + num(*s.ExclusiveMaximum), *s.ExclusiveMaximum})
		}
	}
	if typ == "array" {
		item := Sample(s.Items)
		if s.MinItems > 0 && s.MinItems <= 1024 {
			out = append(out, badValue{"minItems", "fewer than minItems " + num(float64(s.MinItems)), repeatItems(item, int(s.MinItems)-1, false)})
		}
		if s.MaxItems != nil && *s.MaxItems < 1024 {
			out = append(out, badValue{"maxItems", "more than maxItems " + num(float64(*s.MaxItems)), repeatItems(item, int(*s.MaxItems)+1, !s.UniqueItems)})
		}
		if s.UniqueItems && (s.MaxItems == nil || *s.MaxItems >= 2) {
			out = append(out, badValue{"uniqueItems", "duplicate items", []any{item, item}})
		}
	}
	if typ == "string" && len(s.Enum) == 0 {
		if s.MinLength > 0 && s.MinLength <= 4096 {
			out = append(out, badValue{"minLength", "shorter than minLength " + num(float64(s.MinLength)), strings.Repeat("x", int(s.MinLength)-1)})
		}
		if s.MaxLength != nil && *s.MaxLength < 64*1024 {
			out = append(out, badValue{"maxLength", "longer than maxLength " + num(float64(*s.MaxLength)), strings.Repeat("x", int(*s.MaxLength)+1)})
		}
		if v, ok := notMatching(s.Pattern); ok {
			out = append(out, badValue{"pattern", "not matching pattern " + s.Pattern, v})
		}
	}
	return out
}

// notMatching finds a short string the pattern rejects. Patterns Go cannot
// compile (ECMA-only syntax) are skipped rather than guessed at.
func notMatching(pattern string) (string, bool) {
	if pattern == "" {
		return "", false
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return "", false
	}
	for _, c := range []string{"!!errprobe!!", "", " ", "errprobe", "0", "~"} {
		if !re.MatchString(c) {
			return c, true
		}
	}
	return "", false
}

func below(v float64, typ string) any {
	if typ == "integer" {
		return int64(v) - 1
	}
	return v - 1
}

func above(v float64, typ string) any {
	if typ == "integer" {
		return int64(v) + 1
	}
	return v + 1
}

func num(f float64) string { return ParamString(f) }

// repeatItems builds an array of n items; distinct when the schema wants
// unique items and the probe is about the count, not uniqueness.
func repeatItems(item any, n int, same bool) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = item
		if !same {
			if s, ok := item.(string); ok {
				out[i] = s + strconv.Itoa(i)
			}
		}
	}
	return out
}
