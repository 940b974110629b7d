package checks

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
)

// maxDepth bounds walks over schemas, which may be recursive.
const maxDepth = 6

// SampleBody returns a valid value for a request body: its example when the
// description gives one, else one built from the schema.
func SampleBody(b *openapi.RequestBody) any {
	if b.Example != nil {
		return b.Example
	}
	return Sample(b.Schema)
}

// SampleParam returns a valid value for a parameter. A generated date or
// date-time follows the parameter's name, so from=... comes before to=...
func SampleParam(p *openapi.Parameter) any {
	if p.Example != nil {
		return p.Example
	}
	if generatedTime(p.Schema) {
		return sampleStringAt(p.Schema, timeRole(p.Name))
	}
	return Sample(p.Schema)
}

// Sample builds a value that satisfies s as far as errprobe can tell:
// example, default, enum, const, then a value built from the type and
// constraints. Objects get their required properties, or, when the schema
// requires none at all, every property that is not readOnly (to
// maxOptionalDepth). Generated dates and date-times of one object all
// differ, in the order timeOrder gives (see times.go).
func Sample(s *openapi.Schema) any { return sample(s, 0) }

func sample(s *openapi.Schema, depth int) any {
	if s == nil {
		return "errprobe"
	}
	switch {
	case s.HasExample && !s.WriteOnly:
		return s.Example
	case s.HasDefault:
		return s.Default
	case len(s.Enum) > 0:
		return s.Enum[0]
	case s.HasConst:
		return s.Const
	}
	if depth > maxDepth {
		return nil
	}
	if len(s.AllOf) > 0 {
		return sample(s.Merged(), depth+1)
	}
	if len(s.OneOf) > 0 {
		return sample(s.OneOf[0], depth+1)
	}
	if len(s.AnyOf) > 0 {
		return sample(s.AnyOf[0], depth+1)
	}
	switch s.Type() {
	case "object":
		return sampleObject(s, depth)
	case "array":
		n := int(s.MinItems)
		if n == 0 {
			n = 1
		}
		arr := make([]any, 0, n)
		for i := 0; i < n && i < 16; i++ {
			v := sample(s.Items, depth+1)
			if s.UniqueItems && i > 0 {
				v = fmt.Sprintf("%v-%d", v, i)
			}
			arr = append(arr, v)
		}
		return arr
	case "integer":
		return int64(sampleNumber(s, true))
	case "number":
		return sampleNumber(s, false)
	case "boolean":
		return true
	case "null":
		return nil
	}
	return sampleString(s)
}

func sampleNumber(s *openapi.Schema, integer bool) float64 {
	step := 1.0
	if !integer {
		step = 0.5
	}
	v := 1.0
	switch {
	case s.ExclusiveMinimum != nil:
		v = *s.ExclusiveMinimum + step
		if integer {
			v = math.Floor(*s.ExclusiveMinimum) + 1
		}
	case s.Minimum != nil:
		v = *s.Minimum
		if integer {
			v = math.Ceil(v)
		}
	case s.Maximum != nil && *s.Maximum < v:
		v = *s.Maximum
	case s.ExclusiveMaximum != nil && *s.ExclusiveMaximum <= v:
		v = *s.ExclusiveMaximum - step
	}
	if s.MultipleOf != nil && *s.MultipleOf > 0 {
		v = math.Ceil(v / *s.MultipleOf) * *s.MultipleOf
	}
	return v
}

var formatSamples = map[string]string{
	"email":    "user@example.com",
	"uuid":     "3fa85f64-5717-4562-b3fc-2c963f66afa6",
	"time":     "03:04:05Z",
	"uri":      "https://example.com/errprobe",
	"url":      "https://example.com/errprobe",
	"hostname": "example.com",
	"ipv4":     "192.0.2.1",
	"ipv6":     "2001:db8::1",
	"byte":     "ZXJycHJvYmU=",
	"password": "errprobe-Password-1",
	// Numbers carried in strings (proto3 JSON's 64-bit integers, decimals).
	"int32": "1", "int64": "1", "uint32": "1", "uint64": "1",
	"float": "1", "double": "1", "decimal": "1",
}

func sampleString(s *openapi.Schema) string { return sampleStringAt(s, 0) }

// sampleStringAt is sampleString for the i-th generated time of an object.
func sampleStringAt(s *openapi.Schema, i int) string {
	v, ok := timeAt(s.Format, i)
	if !ok {
		v, ok = formatSamples[s.Format]
	}
	if !ok {
		v = "errprobe"
	}
	for uint64(len(v)) < s.MinLength {
		v += "x"
	}
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}

// ParamString renders a sample parameter value as it goes on the wire.
func ParamString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = ParamString(e)
		}
		return strings.Join(parts, ",")
	case map[string]any:
		return string(mustJSON(x))
	}
	return fmt.Sprint(v)
}

// mustJSON marshals values built from decoded JSON/YAML, which always marshal.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return []byte(`{}`)
	}
	return b
}
