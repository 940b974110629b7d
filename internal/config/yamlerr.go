package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/errprobe/errprobe/internal/suggest"
)

// yamlError turns the YAML library's messages into ones that name the
// file, the line and the key, in words a user of errprobe.yaml knows:
// "field x not found in type config.Config" becomes "unknown key x; did
// you mean y?", "cannot construct !!str into []string" says a list is
// wanted and how to write one. root, when known, locates the key.
func yamlError(name string, err error, root *yaml.Node) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	line := 0
	if strings.HasPrefix(msg, "line ") {
		if i := strings.Index(msg, ": "); i > 0 {
			line, _ = strconv.Atoi(strings.TrimPrefix(msg[:i], "line "))
			msg = msg[i+2:]
		}
	}
	msg = plainWords(msg, line, root)
	if line > 0 {
		return fmt.Errorf("%w: %s:%d: %s", ErrInvalid, name, line, msg)
	}
	return fmt.Errorf("%w: %s: %s", ErrInvalid, name, msg)
}

var (
	unknownField = regexp.MustCompile("^field (\\S+) not found in type config\\.(\\w+)$")
	cannotMake   = regexp.MustCompile("^cannot construct (!!\\w+)(?: `[^`]*`)? into (\\S+)$")
)

// plainWords rewrites one library message; others pass unchanged.
func plainWords(msg string, line int, root *yaml.Node) string {
	if m := unknownField.FindStringSubmatch(msg); m != nil {
		keys := yamlKeys(configTypes[m[2]])
		if hint := suggest.DidYouMean(m[1], keys); hint != "" {
			return "unknown key " + m[1] + hint
		}
		return fmt.Sprintf("unknown key %s (not a setting here; see \"Configuration\" in the README)", m[1])
	}
	if m := cannotMake.FindStringSubmatch(msg); m != nil {
		key, value := keyAt(root, line, tagKind[m[1]])
		want := goTypeWords(m[2])
		got := yamlTagWords[m[1]]
		if got == "" {
			got = m[1]
		}
		out := fmt.Sprintf("want %s, got %s", want, got)
		if key != "" {
			out = key + ": " + out
		}
		if strings.HasPrefix(m[2], "[]") && m[1] == "!!str" && key != "" && !strings.HasPrefix(key, "identities") {
			out += fmt.Sprintf("; write %s: [%s] or one \"- item\" line per entry", lastKey(key), value)
		}
		return out
	}
	return msg
}

// configTypes are the types an unknown-key message can name.
var configTypes = map[string]reflect.Type{
	"Config": reflect.TypeFor[Config](), "Identity": reflect.TypeFor[Identity](), "Basic": reflect.TypeFor[Basic](),
	"Access": reflect.TypeFor[Access](), "Match": reflect.TypeFor[Match](), "Expect": reflect.TypeFor[Expect](),
	"Filter": reflect.TypeFor[Filter](), "Route": reflect.TypeFor[Route](), "Param": reflect.TypeFor[Param](),
}

// yamlKeys lists the keys a struct type accepts, inline fields included.
func yamlKeys(t reflect.Type) []string {
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var keys []string
	for f := range t.Fields() {
		tag, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		switch {
		case tag == "-" || !f.IsExported():
		case strings.Contains(opts, "inline"):
			keys = append(keys, yamlKeys(f.Type)...)
		case tag != "":
			keys = append(keys, tag)
		}
	}
	return keys
}

var yamlTagWords = map[string]string{
	"!!str": "a string", "!!int": "a number", "!!float": "a number", "!!bool": "true or false",
	"!!map": "a mapping (key: value)", "!!seq": "a list", "!!null": "nothing",
}

func goTypeWords(t string) string {
	switch {
	case strings.HasPrefix(t, "[]string"):
		return "a list of strings"
	case strings.HasPrefix(t, "[]int"):
		return "a list of numbers"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["):
		return "a mapping (key: value)"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "*int"):
		return "a whole number"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case t == "bool":
		return "true or false"
	case t == "string":
		return "a string"
	}
	return "a mapping (key: value)"
}

// tagKind is the kind of node a tag in a library message stands for.
var tagKind = map[string]yaml.Kind{"!!map": yaml.MappingNode, "!!seq": yaml.SequenceNode}

// keyAt finds the key whose value of this kind (a scalar when kind is 0)
// starts on line, depth first, and returns its dotted path and the value.
func keyAt(root *yaml.Node, line int, kind yaml.Kind) (key, value string) {
	if kind == 0 {
		kind = yaml.ScalarNode
	}
	if root == nil || line <= 0 {
		return "", ""
	}
	var walk func(n *yaml.Node, path []any) bool
	walk = func(n *yaml.Node, path []any) bool {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				if walk(c, path) {
					return true
				}
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				p := append(append([]any{}, path...), k.Value)
				if walk(v, p) {
					return true
				}
				if v.Line == line && v.Kind == kind {
					key, value = fieldName(p), v.Value
					return true
				}
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				p := append(append([]any{}, path...), i)
				if walk(c, p) {
					return true
				}
				if c.Line == line && c.Kind == kind {
					key, value = fieldName(p), c.Value
					return true
				}
			}
		}
		return false
	}
	walk(root, nil)
	return key, value
}

func lastKey(path string) string {
	if i := strings.LastIndexAny(path, ".["); i >= 0 && path[i] == '.' {
		return path[i+1:]
	}
	return path
}

// jsonSyntax reports a syntax error in a configuration written as JSON
// (a .json file, or one whose first character is '{') as a JSON error with
// line and column: the YAML parser would either accept broken JSON or
// call the mistake a YAML one.
func jsonSyntax(name string, data []byte) error {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if !strings.EqualFold(filepath.Ext(name), ".json") && !bytes.HasPrefix(trimmed, []byte("{")) {
		return nil
	}
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return nil
	}
	line, col := position(data, se.Offset)
	return fmt.Errorf("%w: %s:%d:%d: JSON syntax error: %v", ErrInvalid, name, line, col, se)
}

// position converts a byte offset into a 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, max(col, 1)
}
