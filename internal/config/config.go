// Package config reads errprobe.yaml: the settings of a run, identities,
// expectations, filters and, for APIs without a description, routes.
// Errors name the file, the line and the field.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"

	"go.yaml.in/yaml/v4"
)

// ErrInvalid marks a configuration that cannot be used.
var ErrInvalid = errors.New("invalid configuration")

// DefaultFile is the configuration read when --config is not given.
const DefaultFile = "errprobe.yaml"

// Config is errprobe.yaml. Every field can also be set by a flag; flags win.
type Config struct {
	Spec        string   `yaml:"spec"`
	Target      string   `yaml:"target"`
	BasePath    string   `yaml:"basePath"`
	Schema      string   `yaml:"schema"`
	Reports     []string `yaml:"reports"`
	FailOn      string   `yaml:"failOn"`
	Preset      string   `yaml:"preset"`
	Seed        *int64   `yaml:"seed"`
	Concurrency int      `yaml:"concurrency"`
	Timeout     string   `yaml:"timeout"`
	Rate        float64  `yaml:"rate"`
	ReadOnly    bool     `yaml:"readOnly"`
	Baseline    string   `yaml:"baseline"` // baseline file for --baseline
	// MaxProbesPerOperation caps the probes sent per operation.
	MaxProbesPerOperation int `yaml:"maxProbesPerOperation"`

	// Identities are named credential sets.
	Identities map[string]Identity `yaml:"identities"`
	// Auth names the identity every non-forbidden probe carries.
	Auth string `yaml:"auth"`
	// LowPrivilege names the identity expected to get 403.
	LowPrivilege string `yaml:"lowPrivilege"`
	// Access lists which roles each operation needs; identities without
	// one of them are expected to get 403.
	Access []Access `yaml:"access"`

	Expect  []Expect `yaml:"expect"`
	Include Filter   `yaml:"include"`
	Exclude Filter   `yaml:"exclude"`
	Only    []string `yaml:"only"`
	Skip    []string `yaml:"skip"`
	// Severity overrides a rule's severity: {error-content-type: warning}.
	Severity map[string]string `yaml:"severity"`

	// Values are parameter values sent instead of sample ones: by
	// parameter name ({server_id: localhost}), or under an operation
	// ("GET /zones/{zone_id}" or an operationId) for that one alone.
	Values map[string]any `yaml:"values"`

	// AllowDestructive lets irreversible operations through (see
	// checks.Irreversible): true for every one, or a list of operations
	// ("POST /repos/{owner}/{repo}/transfer" or an operationId).
	AllowDestructive any `yaml:"allowDestructive"`

	// Routes describe an API that has no OpenAPI description.
	Routes []Route `yaml:"routes"`

	// File is where the configuration was read from.
	File string `yaml:"-"`
	root *yaml.Node
}

// Identity is one set of credentials. Values may use ${ENV}.
type Identity struct {
	Headers map[string]string `yaml:"headers"`
	Cookies map[string]string `yaml:"cookies"`
	Query   map[string]string `yaml:"query"`
	Basic   *Basic            `yaml:"basic"`
	Roles   []string          `yaml:"roles"`
}

// Basic is HTTP Basic credentials.
type Basic struct {
	Username string `yaml:"username"`
	Password string `yaml:"password"`
}

// Access states the roles an operation needs.
type Access struct {
	Match `yaml:",inline"`
	Roles []string `yaml:"roles"`
}

// Match selects operations and probes.
type Match struct {
	Family      string   `yaml:"family"`
	Check       string   `yaml:"check"`
	Operation   string   `yaml:"operation"` // "POST /users"
	Method      string   `yaml:"method"`
	Path        string   `yaml:"path"` // glob
	OperationID string   `yaml:"operationId"`
	Tags        []string `yaml:"tags"`
}

// Expect overrides the expected statuses of the probes it matches.
type Expect struct {
	Match  `yaml:",inline"`
	Status []int `yaml:"status"`
}

// Filter selects operations for include/exclude.
type Filter struct {
	Paths        []string `yaml:"paths"`
	Methods      []string `yaml:"methods"`
	Tags         []string `yaml:"tags"`
	OperationIDs []string `yaml:"operationIds"`
}

// Route is one operation of an API without a description.
type Route struct {
	Method  string  `yaml:"method"`
	Path    string  `yaml:"path"`
	ID      string  `yaml:"operationId"`
	Query   []Param `yaml:"query"`
	Headers []Param `yaml:"headers"`
	// PathParams give the schemas of {placeholders}; undeclared ones are strings.
	PathParams []Param        `yaml:"pathParams"`
	Body       map[string]any `yaml:"body"` // a JSON Schema
	Security   string         `yaml:"security"`
	Errors     []int          `yaml:"errors"` // documented error statuses
}

// Param is a route parameter.
type Param struct {
	Name     string         `yaml:"name"`
	Required bool           `yaml:"required"`
	Schema   map[string]any `yaml:"schema"`
	Example  any            `yaml:"example"`
}

// Load reads a configuration file.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return Parse(path, data)
}

// Parse reads a configuration from memory and validates it.
func Parse(name string, data []byte) (*Config, error) {
	if err := jsonSyntax(name, data); err != nil {
		return nil, err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(name, err, nil)
	}
	c := &Config{File: name, root: &root}
	if len(bytes.TrimSpace(data)) == 0 || root.Kind == 0 {
		return c, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil {
		return nil, yamlError(name, err, &root)
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// errAt reports a problem with the field at path (keys and indexes).
func (c *Config) errAt(format string, path []any, args ...any) error {
	line := lineOf(c.root, path)
	field := fieldName(path)
	if line > 0 {
		return fmt.Errorf("%w: %s:%d: %s: %s", ErrInvalid, c.File, line, field, fmt.Sprintf(format, args...))
	}
	return fmt.Errorf("%w: %s: %s: %s", ErrInvalid, c.File, field, fmt.Sprintf(format, args...))
}

func fieldName(path []any) string {
	var b strings.Builder
	for _, p := range path {
		switch x := p.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", x)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, x)
		}
	}
	return b.String()
}

// lineOf finds the line of the node at path; it falls back to the deepest
// node found.
func lineOf(n *yaml.Node, path []any) int {
	if n == nil {
		return 0
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, p := range path {
		switch x := p.(type) {
		case string:
			found := false
			for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == x {
					line, n, found = n.Content[i].Line, n.Content[i+1], true
					break
				}
			}
			if !found {
				return line
			}
		case int:
			if n.Kind != yaml.SequenceNode || x >= len(n.Content) {
				return line
			}
			n = n.Content[x]
			line = n.Line
		}
	}
	return line
}
