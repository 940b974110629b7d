package config

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/suggest"
)

// Where returns "file:line" for the field at path, for messages about
// values cmd validates itself (report formats, say).
func (c *Config) Where(path ...any) string {
	if line := lineOf(c.root, path); line > 0 {
		return fmt.Sprintf("%s:%d: %s", c.File, line, fieldName(path))
	}
	return c.File + ": " + fieldName(path)
}

func (c *Config) validate() error {
	checksToRun := []func() error{c.validateRun, c.validateIdentities, c.validateExpect, c.validateFilters, c.validateRoutes, c.validateValues, c.validateDestructive}
	for _, f := range checksToRun {
		if err := f(); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) validateRun() error {
	switch c.FailOn {
	case "", "error", "warning", "info", "never":
	default:
		return c.errAt("%q is not error, warning, info or never", []any{"failOn"}, c.FailOn)
	}
	if !checks.AutoPreset(c.Preset) && c.Preset != checks.PresetNone {
		if _, err := checks.LookupPreset(c.Preset); err != nil {
			return c.errAt("%v%s", []any{"preset"}, err, suggest.DidYouMean(c.Preset, PresetNames()))
		}
	}
	if c.Timeout != "" {
		if d, err := time.ParseDuration(c.Timeout); err != nil || d <= 0 {
			return c.errAt("%q is not a positive duration such as 10s", []any{"timeout"}, c.Timeout)
		}
	}
	if c.Concurrency < 0 || c.Concurrency > 256 {
		return c.errAt("%d: want 1 to 256", []any{"concurrency"}, c.Concurrency)
	}
	if c.Rate < 0 {
		return c.errAt("must not be negative", []any{"rate"})
	}
	for id, sev := range c.Severity {
		if _, ok := checks.Lookup(id); !ok {
			return c.errAt("unknown check or rule %q%s (see errprobe checks)", []any{"severity", id}, id, suggest.DidYouMean(id, CheckNames()))
		}
		if _, err := checks.ParseSeverity(sev); err != nil {
			return c.errAt("%v", []any{"severity", id}, err)
		}
	}
	return nil
}

func (c *Config) validateIdentities() error {
	for name, id := range c.Identities {
		if len(id.Headers)+len(id.Cookies)+len(id.Query) == 0 && id.Basic == nil {
			return c.errAt("identity %q has no headers, cookies, query or basic credentials", []any{"identities", name}, name)
		}
		for h := range id.Headers {
			if strings.ContainsAny(h, " :\r\n") || h == "" {
				return c.errAt("%q is not a header name", []any{"identities", name, "headers", h}, h)
			}
		}
	}
	for _, ref := range []struct {
		field, name string
	}{{"auth", c.Auth}, {"lowPrivilege", c.LowPrivilege}} {
		if _, ok := c.Identities[ref.name]; ref.name != "" && !ok {
			return c.errAt("no identity named %q under identities", []any{ref.field}, ref.name)
		}
	}
	for i, a := range c.Access {
		if len(a.Roles) == 0 {
			return c.errAt("lists no roles", []any{"access", i})
		}
		if err := c.validateMatch(a.Match, "access", i); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) validateExpect() error {
	for i, e := range c.Expect {
		if len(e.Status) == 0 {
			return c.errAt("lists no status", []any{"expect", i})
		}
		for _, s := range e.Status {
			if s < 100 || s > 599 {
				return c.errAt("%d is not an HTTP status", []any{"expect", i, "status"}, s)
			}
		}
		if err := c.validateMatch(e.Match, "expect", i); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) validateMatch(m Match, list string, i int) error {
	if m.Family != "" && !isFamily(m.Family) {
		return c.errAt("unknown family %q (want malformed, missing-parameter, unknown-route or forbidden)", []any{list, i, "family"}, m.Family)
	}
	if m.Check != "" {
		if meta, ok := checks.Lookup(m.Check); !ok || meta.Family == "" {
			return c.errAt("unknown check %q%s (see errprobe checks)", []any{list, i, "check"}, m.Check, suggest.DidYouMean(m.Check, CheckNames()))
		}
	}
	if m.Operation != "" {
		if _, _, err := SplitOperation(m.Operation); err != nil {
			return c.errAt("%v", []any{list, i, "operation"}, err)
		}
	}
	return nil
}

func (c *Config) validateFilters() error {
	for _, l := range []struct {
		field string
		ids   []string
	}{{"only", c.Only}, {"skip", c.Skip}} {
		for i, id := range l.ids {
			if _, ok := checks.Lookup(id); !ok && !isFamily(id) {
				return c.errAt("unknown check, rule or family %q%s (see errprobe checks)", []any{l.field, i}, id, suggest.DidYouMean(id, CheckNames()))
			}
		}
	}
	for _, f := range []struct {
		field string
		v     Filter
	}{{"include", c.Include}, {"exclude", c.Exclude}} {
		for i, m := range f.v.Methods {
			if !isMethod(m) {
				return c.errAt("%q is not an HTTP method", []any{f.field, "methods", i}, m)
			}
		}
	}
	return nil
}

func (c *Config) validateRoutes() error {
	for i, r := range c.Routes {
		if !isMethod(r.Method) {
			return c.errAt("%q is not an HTTP method", []any{"routes", i, "method"}, r.Method)
		}
		if !strings.HasPrefix(r.Path, "/") {
			return c.errAt("%q must start with /", []any{"routes", i, "path"}, r.Path)
		}
		switch {
		case r.Security == "", r.Security == "none", r.Security == "bearer", r.Security == "basic",
			strings.HasPrefix(r.Security, "apiKey:"):
		default:
			return c.errAt("%q: want none, bearer, basic or apiKey:header|query|cookie:NAME", []any{"routes", i, "security"}, r.Security)
		}
		if strings.HasPrefix(r.Security, "apiKey:") {
			if parts := strings.Split(r.Security, ":"); len(parts) != 3 || (parts[1] != "header" && parts[1] != "query" && parts[1] != "cookie") || parts[2] == "" {
				return c.errAt("%q: want apiKey:header|query|cookie:NAME", []any{"routes", i, "security"}, r.Security)
			}
		}
		for j, p := range append(append([]Param{}, r.Query...), r.Headers...) {
			if p.Name == "" {
				return c.errAt("a parameter has no name", []any{"routes", i, paramList(j, len(r.Query)), paramIndex(j, len(r.Query))})
			}
		}
	}
	return nil
}

func paramList(j, nq int) string {
	if j < nq {
		return "query"
	}
	return "headers"
}

func paramIndex(j, nq int) int {
	if j < nq {
		return j
	}
	return j - nq
}

// SplitOperation reads "METHOD /path".
func SplitOperation(s string) (string, string, error) {
	m, p, ok := strings.Cut(strings.TrimSpace(s), " ")
	p = strings.TrimSpace(p)
	if !ok || !isMethod(m) || !strings.HasPrefix(p, "/") {
		return "", "", fmt.Errorf("%q: want \"METHOD /path\", e.g. \"POST /users\"", s)
	}
	return strings.ToUpper(m), p, nil
}

func isMethod(m string) bool {
	switch strings.ToUpper(m) {
	case http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete, http.MethodPatch,
		http.MethodHead, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}

func isFamily(s string) bool {
	for _, f := range checks.Families {
		if string(f) == s {
			return true
		}
	}
	return false
}

// CheckNames lists what --only, --skip and --severity accept: check IDs,
// rule IDs and families, in catalogue order. Suggestions and shell
// completion draw from it.
func CheckNames() []string {
	var out []string
	for _, c := range checks.All() {
		out = append(out, c.Meta().ID)
	}
	for _, r := range checks.Rules() {
		out = append(out, r.ID)
	}
	for _, f := range checks.Families {
		out = append(out, string(f))
	}
	return out
}

// PresetNames lists the framework presets in catalogue order.
func PresetNames() []string {
	var out []string
	for _, p := range checks.Presets() {
		out = append(out, p.Name)
	}
	return out
}
