package config

import "strings"

// validateDestructive checks allowDestructive: a boolean, or a list of
// operations ("METHOD /path" or an operationId).
func (c *Config) validateDestructive() error {
	switch v := c.AllowDestructive.(type) {
	case nil, bool:
		return nil
	case []any:
		for i, x := range v {
			s, ok := x.(string)
			if !ok || strings.TrimSpace(s) == "" {
				return c.errAt("want an operation: \"METHOD /path\" or an operationId", []any{"allowDestructive", i})
			}
			if strings.Contains(strings.TrimSpace(s), " ") {
				if _, _, err := SplitOperation(s); err != nil {
					return c.errAt("%v", []any{"allowDestructive", i}, err)
				}
			}
		}
		return nil
	}
	return c.errAt("want true, false or a list of operations (\"POST /repos/{owner}/{repo}/transfer\" or an operationId)", []any{"allowDestructive"})
}

// DestructiveAllowed returns what allowDestructive lets through: every
// irreversible operation (all), or those listed, as "METHOD /path" with
// the method upper case, or as operationIds.
func (c *Config) DestructiveAllowed() (all bool, ops []string) {
	switch v := c.AllowDestructive.(type) {
	case bool:
		return v, nil
	case []any:
		for _, x := range v {
			s, _ := x.(string)
			ops = append(ops, opKey(s))
		}
	}
	return false, ops
}
