package main

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/audit"
	"github.com/errprobe/errprobe/internal/config"
	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/internal/suggest"
)

// Flags that exist only to mirror errprobe.yaml.
const (
	flagConfig, flagPreset, flagReadOnly, flagExpect, flagSeverity = "config", "preset", "read-only", "expect", "severity"
	flagPathParam                                                  = "path-param"
	flagParam                                                      = "param"
	flagIncPath, flagIncMethod, flagIncTag, flagIncOp              = "include-path", "include-method", "include-tag", "include-operation"
	flagExcPath, flagExcMethod, flagExcTag, flagExcOp              = "exclude-path", "exclude-method", "exclude-tag", "exclude-operation"
)

func configFlags() []cli.Flag {
	list := func(name, usage string) cli.Flag { return &cli.StringSliceFlag{Name: name, Usage: usage} }
	return []cli.Flag{
		&cli.StringFlag{Name: flagConfig, Usage: "configuration file (default: errprobe.yaml when present)"},
		&cli.StringFlag{Name: flagPreset, Value: checks.PresetAuto, Usage: "framework preset: auto (recognise the framework from its answers), none, " + strings.Join(config.PresetNames(), ", ")},
		&cli.BoolFlag{Name: flagReadOnly, Usage: "send only GET, HEAD and OPTIONS probes (for production)"},
		list(flagExpect, "override expected statuses: 'family=malformed;check=...;operation=POST /x;path=/x/*;status=422' (repeatable)"),
		list(flagSeverity, "override a rule's or check's severity: 'RULE=warning' (repeatable)"),
		list(flagPathParam, "value of a path parameter, e.g. 'server_id=localhost' (repeatable; ${ENV} expanded; values: in errprobe.yaml for other parameters and per operation)"),
		list(flagParam, "value of any parameter, '[path:|query:|header:|cookie:|body:]NAME=VALUE', e.g. 'query:limit=10', 'body:owner.name=alice' or 'tenant=acme' for every parameter location (repeatable; ${ENV} expanded)"),
		list(flagIncPath, "only operations whose path matches this glob (repeatable)"),
		list(flagIncMethod, "only operations with this method (repeatable)"),
		list(flagIncTag, "only operations with this tag (repeatable)"),
		list(flagIncOp, "only the operation with this operationId (repeatable)"),
		list(flagExcPath, "skip operations whose path matches this glob (repeatable)"),
		list(flagExcMethod, "skip operations with this method (repeatable)"),
		list(flagExcTag, "skip operations with this tag (repeatable)"),
		list(flagExcOp, "skip the operation with this operationId (repeatable)"),
	}
}

// loadConfig reads --config, or errprobe.yaml when it exists.
func loadConfig(c *cli.Context) (*config.Config, error) {
	path := c.String(flagConfig)
	if path == "" {
		path = config.DefaultFile
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return &config.Config{File: "(no config)"}, nil
		}
	}
	return config.Load(path)
}

// pick returns the flag's value when given on the command line, else the
// configuration's, else the flag's default.
func pick(c *cli.Context, flag, fromConfig string) string {
	if c.IsSet(flag) || fromConfig == "" {
		return c.String(flag)
	}
	return fromConfig
}

// loadSpecFrom loads --spec (or the config's spec), or the config's routes.
func loadSpecFrom(c *cli.Context, cfg *config.Config) (*openapi.Spec, error) {
	opts := openapi.Options{AllowExternalRefs: c.Bool(flagExternalRefs), Timeout: duration(c, flagTimeout, cfg.Timeout)}
	if src := pick(c, flagSpec, cfg.Spec); src != "" {
		return openapi.Load(c.Context, src, opts)
	}
	if len(cfg.Routes) > 0 {
		data, err := cfg.OpenAPI()
		if err != nil {
			return nil, err
		}
		return openapi.Parse(c.Context, cfg.File+" (routes)", data, opts)
	}
	return nil, usagef("no description: give --spec, or spec: or routes: in %s", config.DefaultFile)
}

// identities resolves the authorised and low-privilege identities from
// flags (which win) and the configuration.
func identities(c *cli.Context, cfg *config.Config) (auth, low audit.Identity, err error) {
	if auth, err = identity(cfg, cfg.Auth, "ERRPROBE_AUTH"); err != nil {
		return
	}
	if low, err = identity(cfg, cfg.LowPrivilege, "ERRPROBE_LOW_AUTH"); err != nil {
		return
	}
	if c.IsSet(flagAuth) {
		auth = audit.Identity{}
		if auth.Headers, err = credentialHeaders("--"+flagAuth, c.StringSlice(flagAuth), "ERRPROBE_AUTH"); err != nil {
			return
		}
	}
	if c.IsSet(flagLowAuth) {
		low = audit.Identity{}
		low.Headers, err = credentialHeaders("--"+flagLowAuth, c.StringSlice(flagLowAuth), "ERRPROBE_LOW_AUTH")
	}
	return
}

func identity(cfg *config.Config, name, envBase string) (audit.Identity, error) {
	var out audit.Identity
	if name == "" {
		return out, nil
	}
	id := cfg.Identities[name]
	where := cfg.Where("identities", name)
	var lines []string
	for _, h := range sortedKeys(id.Headers) {
		lines = append(lines, h+": "+id.Headers[h])
	}
	if len(id.Cookies) > 0 {
		var parts []string
		for _, k := range sortedKeys(id.Cookies) {
			parts = append(parts, k+"="+id.Cookies[k])
		}
		lines = append(lines, "Cookie: "+strings.Join(parts, "; "))
	}
	if id.Basic != nil {
		user, err := expandEnv(where+".basic", id.Basic.Username)
		if err != nil {
			return out, err
		}
		pw, err := expandEnv(where+".basic", id.Basic.Password)
		if err != nil {
			return out, err
		}
		lines = append(lines, "Authorization: Basic "+base64.StdEncoding.EncodeToString([]byte(user+":"+pw)))
	}
	var err error
	if out.Headers, err = credentialHeaders(where, lines, envBase); err != nil {
		return out, err
	}
	for _, k := range sortedKeys(id.Query) {
		v, err := expandEnv(where+".query."+k, id.Query[k])
		if err != nil {
			return out, err
		}
		if out.Query == nil {
			out.Query = url.Values{}
		}
		out.Query.Set(k, v)
	}
	return out, nil
}

// paramValues gathers the configuration's values: and --path-param, which
// wins.
func paramValues(c *cli.Context, cfg *config.Config) (checks.ParamValues, error) {
	out, err := cfg.ParamValues(expandEnv)
	if err != nil {
		return nil, err
	}
	for _, raw := range c.StringSlice(flagParam) {
		in, rest := checks.SplitLocation(raw)
		v, err := paramFlagValue(flagParam, rest, raw, "query:limit=10")
		if err != nil {
			return nil, err
		}
		v.In = in
		out = append(out, v)
	}
	for _, raw := range c.StringSlice(flagPathParam) {
		v, err := paramFlagValue(flagPathParam, raw, raw, "server_id=localhost")
		if err != nil {
			return nil, err
		}
		v.In = "path"
		out = append(out, v)
	}
	return out, nil
}

// paramFlagValue reads NAME=VALUE of a --param or --path-param, ${ENV} expanded.
func paramFlagValue(flag, s, raw, example string) (checks.ParamValue, error) {
	name, v, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, "{}/") {
		return checks.ParamValue{}, usagef("--%s %q: want NAME=VALUE, e.g. %s", flag, raw, example)
	}
	v, err := expandEnv("--"+flag+" "+name, v)
	if err != nil {
		return checks.ParamValue{}, err
	}
	return checks.ParamValue{Name: name, Value: v}, nil
}

// overrides gathers preset, configuration and --expect overrides, in
// that order, so later ones win.
func overrides(c *cli.Context, cfg *config.Config) ([]checks.Override, error) {
	var out []checks.Override
	if name := pick(c, flagPreset, cfg.Preset); chosenPreset(name) != "" {
		p, err := checks.LookupPreset(name)
		if err != nil {
			return nil, usagef("--preset: %v%s", err, suggest.DidYouMean(name, config.PresetNames()))
		}
		out = append(out, p.Overrides...)
	}
	for i, e := range cfg.Expect {
		sel, err := selector(e.Match)
		if err != nil {
			return nil, usagef("%s: %v", cfg.Where("expect", i), err)
		}
		out = append(out, checks.Override{Selector: sel, Statuses: e.Status, Source: cfg.Where("expect", i)})
	}
	for _, raw := range c.StringSlice(flagExpect) {
		o, err := parseExpect(raw)
		if err != nil {
			return nil, usagef("--expect %q: %v", raw, err)
		}
		out = append(out, o)
	}
	return out, nil
}

func selector(m config.Match) (checks.Selector, error) {
	s := checks.Selector{Family: checks.Family(m.Family), Check: m.Check, Method: strings.ToUpper(m.Method), Path: m.Path, OperationID: m.OperationID, Tags: m.Tags}
	if m.Operation != "" {
		method, path, err := config.SplitOperation(m.Operation)
		if err != nil {
			return s, err
		}
		s.Method, s.Path = method, path
	}
	return s, nil
}

// parseExpect reads 'family=malformed;operation=POST /users;status=422,400'.
func parseExpect(raw string) (checks.Override, error) {
	var m config.Match
	var statuses []int
	for _, part := range strings.Split(raw, ";") {
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok {
			return checks.Override{}, fmt.Errorf("want key=value pairs separated by ';'")
		}
		switch k {
		case "family":
			m.Family = v
		case "check":
			m.Check = v
		case "operation":
			m.Operation = v
		case "method":
			m.Method = v
		case "path":
			m.Path = v
		case "operationId":
			m.OperationID = v
		case "status":
			for _, s := range strings.Split(v, ",") {
				n, err := strconv.Atoi(strings.TrimSpace(s))
				if err != nil || n < 100 || n > 599 {
					return checks.Override{}, fmt.Errorf("%q is not an HTTP status", s)
				}
				statuses = append(statuses, n)
			}
		default:
			return checks.Override{}, fmt.Errorf("unknown key %q (want family, check, operation, method, path, operationId, status)", k)
		}
	}
	if len(statuses) == 0 {
		return checks.Override{}, fmt.Errorf("no status=")
	}
	if m.Family != "" && !slicesContainsFamily(m.Family) {
		return checks.Override{}, fmt.Errorf("unknown family %q", m.Family)
	}
	if m.Check != "" {
		if meta, ok := checks.Lookup(m.Check); !ok || meta.Family == "" {
			return checks.Override{}, fmt.Errorf("unknown check %q", m.Check)
		}
	}
	sel, err := selector(m)
	return checks.Override{Selector: sel, Statuses: statuses, Source: "--expect"}, err
}

func slicesContainsFamily(s string) bool {
	for _, f := range checks.Families {
		if string(f) == s {
			return true
		}
	}
	return false
}

// severities merges the configuration's and --severity's overrides.
func severities(c *cli.Context, cfg *config.Config) (map[string]checks.Severity, error) {
	out := map[string]checks.Severity{}
	for id, s := range cfg.Severity {
		sev, _ := checks.ParseSeverity(s) // validated with the config
		out[id] = sev
	}
	for _, raw := range c.StringSlice(flagSeverity) {
		id, s, ok := strings.Cut(raw, "=")
		sev, err := checks.ParseSeverity(strings.TrimSpace(s))
		if !ok || err != nil {
			return nil, usagef("--severity %q: want RULE=error|warning|info", raw)
		}
		if _, known := checks.Lookup(strings.TrimSpace(id)); !known {
			return nil, usagef("--severity %q: unknown check or rule %q%s", raw, id, suggest.DidYouMean(strings.TrimSpace(id), config.CheckNames()))
		}
		out[strings.TrimSpace(id)] = sev
	}
	return out, nil
}

func opFilter(c *cli.Context, f config.Filter, path, method, tag, op string) audit.OpFilter {
	or := func(flag string, fromConfig []string) []string {
		if v := splitList(c.StringSlice(flag)); len(v) > 0 {
			return v
		}
		return fromConfig
	}
	return audit.OpFilter{
		Paths: or(path, f.Paths), Methods: or(method, f.Methods), Tags: or(tag, f.Tags), OperationIDs: or(op, f.OperationIDs),
	}
}

// lowApplies turns the configuration's access rules into the decision of
// which operations must refuse the low-privilege identity; operations no
// rule covers fall back to the method list.
func lowApplies(cfg *config.Config, methods []string) func(*openapi.Operation) bool {
	if len(cfg.Access) == 0 || cfg.LowPrivilege == "" {
		return nil
	}
	lowRoles := cfg.Identities[cfg.LowPrivilege].Roles
	return func(op *openapi.Operation) bool {
		for _, a := range cfg.Access {
			sel, err := selector(a.Match)
			if err != nil || !sel.MatchesOp(op) {
				continue
			}
			for _, r := range a.Roles {
				for _, have := range lowRoles {
					if r == have {
						return false
					}
				}
			}
			return true
		}
		for _, m := range methods {
			if m == op.Method {
				return true
			}
		}
		return false
	}
}

func duration(c *cli.Context, flag, fromConfig string) time.Duration {
	if c.IsSet(flag) || fromConfig == "" {
		return c.Duration(flag)
	}
	d, _ := time.ParseDuration(fromConfig) // validated with the config
	return d
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func expandEnv(where, v string) (string, error) {
	var missing string
	out := envRef.ReplaceAllStringFunc(v, func(ref string) string {
		key := envRef.FindStringSubmatch(ref)[1]
		val, ok := os.LookupEnv(key)
		if !ok {
			missing = key
		}
		return val
	})
	if missing != "" {
		return "", usagef("%s: environment variable %s is not set", where, missing)
	}
	return out, nil
}
