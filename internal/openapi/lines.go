package openapi

import (
	"encoding/json"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	yaml "go.yaml.in/yaml/v4"
)

// operationLines finds, in a JSON description, the 1-based line of every
// operation's method key under "paths": lines[path][method]. It is a single
// pass over the bytes that decodes only the keys it needs, so reports can
// point at operations without the parser recording the origin of every
// node (which costs more than the decoding itself).
func operationLines(data []byte) map[string]map[string]int {
	out := map[string]map[string]int{}
	var (
		line    = 1
		stack   []byte    // open containers, '{' or '['
		keys    [3]string // the last key read at depths 1 to 3
		wantKey bool
	)
	inPaths := func() bool {
		return len(stack) >= 2 && stack[0] == '{' && stack[1] == '{' && keys[0] == "paths"
	}
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line++
		case '{', '[':
			stack = append(stack, c)
			wantKey = c == '{'
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			wantKey = false
		case ',':
			wantKey = len(stack) > 0 && stack[len(stack)-1] == '{'
		case '"':
			end := stringEnd(data, i)
			if wantKey && len(stack) <= 3 {
				key := jsonString(data[i : end+1])
				d := len(stack)
				keys[d-1] = key
				if d == 3 && inPaths() && stack[2] == '{' {
					if m := strings.ToUpper(key); isMethod(m) {
						if out[keys[1]] == nil {
							out[keys[1]] = map[string]int{}
						}
						out[keys[1]][m] = line
					}
				}
			}
			wantKey = false
			i = end
		}
	}
	return out
}

// stringEnd returns the index of the quote closing the string that opens
// at data[start], or the last index when it is unterminated.
func stringEnd(data []byte, start int) int {
	for j := start + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j
		}
	}
	return len(data) - 1
}

// jsonString decodes a quoted JSON string, escapes included.
func jsonString(quoted []byte) string {
	if len(quoted) >= 2 && !strings.ContainsRune(string(quoted), '\\') {
		return string(quoted[1 : len(quoted)-1])
	}
	var s string
	_ = json.Unmarshal(quoted, &s)
	return s
}

func isMethod(m string) bool {
	for _, x := range MethodOrder {
		if x == m {
			return true
		}
	}
	return false
}

// setOperationLines records the lines found by operationLines as the
// operations' origins, where convert reads them.
func setOperationLines(doc *openapi3.T, lines map[string]map[string]int) {
	if doc.Paths == nil {
		return
	}
	for path, item := range doc.Paths.Map() {
		if item == nil || lines[path] == nil {
			continue
		}
		for method, op := range item.Operations() {
			if n := lines[path][method]; n > 0 && op != nil {
				op.Origin = &openapi3.Origin{Key: &openapi3.Location{Line: n}}
			}
		}
	}
}

// nodeOperationLines finds the line of every operation's method key in
// the node tree of a description, as operationLines does in JSON bytes.
func nodeOperationLines(root *yaml.Node) map[string]map[string]int {
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	out := map[string]map[string]int{}
	paths := mapValue(root, "paths")
	if paths == nil || paths.Kind != yaml.MappingNode {
		return out
	}
	for i := 0; i+1 < len(paths.Content); i += 2 {
		item := paths.Content[i+1]
		if item.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(item.Content); j += 2 {
			if m := strings.ToUpper(item.Content[j].Value); isMethod(m) {
				if out[paths.Content[i].Value] == nil {
					out[paths.Content[i].Value] = map[string]int{}
				}
				out[paths.Content[i].Value][m] = item.Content[j].Line
			}
		}
	}
	return out
}
