package config

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/errprobe/errprobe/checks"
)

// validateValues checks values: a scalar per parameter name, or a mapping
// of names to scalars per operation.
func (c *Config) validateValues() error {
	for key, v := range c.Values {
		if strings.TrimSpace(key) == "" {
			return c.errAt("empty parameter name", []any{"values"})
		}
		if m, ok := v.(map[string]any); ok {
			if strings.Contains(key, " ") {
				if _, _, err := SplitOperation(key); err != nil {
					return c.errAt("%v", []any{"values", key}, err)
				}
			}
			for name, x := range m {
				if _, ok := scalar(x); (!ok && !omits(name, x)) || strings.TrimSpace(name) == "" {
					return c.errAt("want a parameter name and a string, number or boolean value (null for a body: field leaves it out)", []any{"values", key, name})
				}
			}
			continue
		}
		if _, ok := scalar(v); !ok && !omits(key, v) {
			return c.errAt("want a string, number or boolean value, or a mapping of parameter names to values under an operation (\"GET /x/{id}\" or an operationId)", []any{"values", key})
		}
	}
	return nil
}

// ParamValues returns values: as checks takes them, ordered so that the
// result does not depend on map order: every-operation values first.
// expand resolves ${ENV} references; where names the field for messages.
func (c *Config) ParamValues(expand func(where, v string) (string, error)) ([]checks.ParamValue, error) {
	var global, perOp []checks.ParamValue
	keys := make([]string, 0, len(c.Values))
	for k := range c.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		m, ok := c.Values[key].(map[string]any)
		if !ok {
			s, _ := scalar(c.Values[key])
			v, err := expand(c.Where("values", key), s)
			if err != nil {
				return nil, err
			}
			global = append(global, value(key, v, c.Values[key]))
			continue
		}
		op := opKey(key)
		names := make([]string, 0, len(m))
		for n := range m {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			s, _ := scalar(m[n])
			v, err := expand(c.Where("values", key, n), s)
			if err != nil {
				return nil, err
			}
			pv := value(n, v, m[n])
			pv.Operation = op
			perOp = append(perOp, pv)
		}
	}
	return append(global, perOp...), nil
}

// value makes the checks value of a values: entry: "query:limit" names a
// location, and null leaves a body field out.
func value(key, v string, raw any) checks.ParamValue {
	in, name := checks.SplitLocation(key)
	return checks.ParamValue{In: in, Name: name, Value: v, Omit: omits(key, raw)}
}

// omits reports whether a values: entry leaves a body field out.
func omits(key string, v any) bool {
	in, _ := checks.SplitLocation(key)
	return v == nil && in == checks.InBody
}

// scalar renders a YAML scalar as it goes on the wire.
func scalar(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", false
	case string:
		return x, true
	case int:
		return strconv.Itoa(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case uint64:
		return strconv.FormatUint(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return fmt.Sprint(v), false
}

// opKey writes an operation as checks matches it: "METHOD /path" with the
// method upper case, or an operationId.
func opKey(s string) string {
	if m, p, err := SplitOperation(s); err == nil {
		return m + " " + p
	}
	return strings.TrimSpace(s)
}
