package schemas

import (
	"slices"
	"strings"
)

// stableMessage puts the property names of the library's
// "additionalProperties 'b', 'a' not allowed" in sorted order: the library
// lists them in map order, which would make reports differ from run to run.
// Any other message is returned unchanged.
func stableMessage(msg string) string {
	const head, tail = "additionalProperties ", " not allowed"
	list, ok := strings.CutPrefix(msg, head)
	if list, ok = strings.CutSuffix(list, tail); !ok {
		return msg
	}
	names, ok := quotedNames(list)
	if !ok || len(names) < 2 {
		return msg
	}
	slices.Sort(names)
	return head + strings.Join(names, ", ") + tail
}

// quotedNames splits "'a', 'b\'c'" (the library's quoting: single quotes,
// inner quotes and backslashes escaped) into its quoted items.
func quotedNames(list string) ([]string, bool) {
	var names []string
	for i := 0; i < len(list); {
		if list[i] != '\'' {
			return nil, false
		}
		j := i + 1
		for j < len(list) && list[j] != '\'' {
			if list[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(list) {
			return nil, false
		}
		names = append(names, list[i:j+1])
		i = j + 1
		if i < len(list) {
			if !strings.HasPrefix(list[i:], ", ") {
				return nil, false
			}
			i += 2
		}
	}
	return names, true
}
