// Package schemas holds errprobe's embedded JSON Schemas (error shapes and
// the JSON report's own schema) and compiles and applies JSON Schemas.
package schemas

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

//go:embed *.schema.json
var files embed.FS

// Built-in schema names.
const (
	Problem = "problem"
	Simple  = "simple"
	Lenient = "lenient"
	Report  = "report"
	// Baseline is the schema of a baseline file (internal/baseline).
	Baseline = "baseline"
)

// ErrInvalid marks a schema that cannot be read or compiled.
var ErrInvalid = errors.New("invalid JSON Schema")

// Schema is a compiled JSON Schema.
type Schema struct {
	s    *jsonschema.Schema
	fast *fastNode // nil when the fast path cannot mirror s (fast.go)
	full bool      // every keyword of s is in the fast path's subset
}

// Failure is one reason a value does not match a schema.
type Failure struct {
	Pointer string // JSON pointer into the value ("" is the root)
	Message string
}

// Where names the failure's place in messages: its JSON pointer, or root
// for the value itself.
func (f Failure) Where(root string) string {
	if f.Pointer == "" {
		return root
	}
	return f.Pointer
}

// Raw returns an embedded schema's source.
func Raw(name string) ([]byte, error) {
	return files.ReadFile(name + ".schema.json")
}

// Builtin compiles one of the embedded schemas.
func Builtin(name string) (*Schema, error) {
	data, err := Raw(name)
	if err != nil {
		return nil, fmt.Errorf("%w: no built-in schema %q", ErrInvalid, name)
	}
	return compile("errprobe:///"+name+".schema.json", data)
}

// FromValue compiles a schema given as a decoded JSON value.
func FromValue(name string, v any) (*Schema, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInvalid, name, err)
	}
	return compile("errprobe:///"+url.PathEscape(name)+".json", data)
}

// FromFile compiles a user's schema file. Its $refs may name local files but
// never fetch from the network.
func FromFile(path string) (*Schema, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	s, err := compile("file://"+filepath.ToSlash(abs), data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

func compile(id string, data []byte) (*Schema, error) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.LoadURL = loadLocal
	if err := c.AddResource(id, bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, oneLine(err))
	}
	s, err := c.Compile(id)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, oneLine(err))
	}
	return wrap(s), nil
}

// wrap adds the fast path to a compiled schema.
func wrap(s *jsonschema.Schema) *Schema {
	fast, full := compileFast(s)
	return &Schema{s: s, fast: fast, full: full}
}

// FastPath reports whether every keyword of the schema is one Validate can
// decide valid values of without the general validator, so that a valid
// value costs no allocation.
func (s *Schema) FastPath() bool { return s.fast != nil && s.full }

// loadLocal resolves $refs to local files and refuses every other scheme,
// so validating a response never reaches the network.
func loadLocal(s string) (io.ReadCloser, error) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "file" {
		return nil, fmt.Errorf("refusing to load %q: only local files may be referenced", s)
	}
	return os.Open(filepath.FromSlash(u.Path))
}

// Validate checks a decoded JSON value (decoded with UseNumber) and returns
// the innermost failures, sorted by pointer.
func (s *Schema) Validate(v any) []Failure {
	if s.fast != nil && s.fast.eval(v) == valid {
		return nil
	}
	return s.validate(v)
}

// validate runs the library: every failure and its message come from it.
func (s *Schema) validate(v any) (out []Failure) {
	defer func() {
		// The library panics on some values, such as an integer-typed
		// 1e10000000 (math/big refuses it and the library uses the nil
		// result); a response body must never crash a run.
		if r := recover(); r != nil {
			out = []Failure{{Message: "the value could not be validated: the JSON Schema validator failed on it (a number too large to compare does that)"}}
		}
	}()
	err := s.s.Validate(v)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []Failure{{Message: oneLine(err)}}
	}
	leaves(ve, &out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pointer < out[j].Pointer })
	return out
}

func leaves(e *jsonschema.ValidationError, out *[]Failure) {
	if len(e.Causes) == 0 {
		*out = append(*out, Failure{Pointer: e.InstanceLocation, Message: stableMessage(e.Message)})
		return
	}
	for _, c := range e.Causes {
		leaves(c, out)
	}
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
