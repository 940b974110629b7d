package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/audit"
	"github.com/errprobe/errprobe/internal/config"
	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/report"
	"github.com/errprobe/errprobe/schemas"
)

func runCommand() *cli.Command {
	flags := append(specFlags(),
		&cli.StringFlag{Name: flagTarget, Aliases: []string{"t"}, Usage: "base URL of the running API, e.g. http://localhost:8080"},
		&cli.StringFlag{Name: flagBasePath, Usage: "path prefix for every operation (default: the target's path, else the description's first server path)"},
		waitFlag(),
	)
	safe := safetyFlags()
	return &cli.Command{
		Name:      "run",
		Usage:     "send probes that should fail to a running API and judge its error responses",
		UsageText: "errprobe run --spec openapi.yaml --target http://localhost:8080 [flags]",
		Flags:     categorize(append(append(append(append(flags, sendFlags("terminal", "error")...), configFlags()...), gateFlags()...), safe...), safe),
		Action: func(c *cli.Context) error {
			if err := positionalArgs(c); err != nil {
				return err
			}
			cf, err := loadConfig(c)
			if err != nil {
				return err
			}
			raw := pick(c, flagTarget, cf.Target)
			if raw != "" {
				if err := waitForTarget(c, pick(c, flagSpec, cf.Spec), raw); err != nil {
					return err
				}
			}
			spec, err := loadSpecFrom(c, cf)
			if err != nil {
				return err
			}
			if raw == "" {
				return usagef("no --target (or target: in %s)", config.DefaultFile)
			}
			target, err := parseTarget(raw, pick(c, flagBasePath, cf.BasePath), spec.BasePath)
			if err != nil {
				return err
			}
			return execute(c, cf, spec, target)
		},
	}
}

// execute builds the audit from flags, runs it, writes the reports and
// returns the error that decides the exit code.
func execute(c *cli.Context, cf *config.Config, spec *openapi.Spec, target *url.URL) error {
	cfg, err := auditConfig(c, cf, spec, target)
	if err != nil {
		return err
	}
	g, err := gateSettings(c, cf, cfg)
	if err != nil {
		return err
	}
	reports := c.StringSlice(flagReport)
	if !c.IsSet(flagReport) && len(cf.Reports) > 0 {
		reports = cf.Reports
	}
	outs, err := parseOutputs(reports, reportOptions(c))
	if err != nil {
		return err
	}
	outs = withTerminal(outs, reportOptions(c))
	for _, o := range outs {
		if t, ok := o.reporter.(*report.Terminal); ok && o.path == "" {
			// The header goes out before the first request, not after the last.
			cfg.Started = func(run *report.Run, probes, controls int) { _ = t.Preamble(c.App.Writer, run, probes, controls) }
		}
	}
	run, runErr := audit.Run(c.Context, cfg)
	if errors.Is(runErr, audit.ErrNothingToTest) {
		return runErr
	}
	applyBaseline(run, g)
	heapSnapshot() // -tags pprof only: the heap at its peak, results built
	bodiesErr := writeBodies(run, outs)
	writeErr := errors.Join(bodiesErr, writeReports(run, outs, c.App.Writer), writeBaseline(run, g, c.App.ErrWriter))
	switch {
	case errors.Is(runErr, context.Canceled):
		if writeErr != nil {
			fmt.Fprintf(c.App.ErrWriter, "errprobe: %s\n", oneLine(writeErr))
		}
		fmt.Fprintf(c.App.ErrWriter, "errprobe: interrupted; reports written and marked incomplete\n")
		return exitWith(interruptCode(c.Context))
	case runErr != nil:
		return errors.Join(runErr, writeErr)
	case writeErr != nil:
		return writeErr
	case run.Failing() > 0:
		return exitWith(exitViolations)
	case run.Summary.Errored > 0: // controls are not counted: they are records
		return fmt.Errorf("%w: %d of %d probes could not be run (see the report)", errIncomplete, run.Summary.Errored, run.Summary.Probes)
	}
	return nil
}

// parseTarget checks the target URL and applies the base path: an explicit
// --base-path, else the target's own path, else the description's.
func parseTarget(raw, basePath, specBase string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, usagef("--target %q: want an http:// or https:// URL with a host", raw)
	}
	switch {
	case basePath != "":
		u.Path = "/" + strings.Trim(basePath, "/")
	case strings.Trim(u.Path, "/") == "":
		u.Path = specBase
	}
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

func auditConfig(c *cli.Context, cf *config.Config, spec *openapi.Spec, target *url.URL) (*audit.Config, error) {
	preset := pick(c, flagPreset, cf.Preset)
	cfg := &audit.Config{
		Spec: spec, Target: target, Version: buildVersion(),
		Rate: c.Float64(flagRate), Timeout: duration(c, flagTimeout, cf.Timeout),
		MaxBody: c.Int64(flagMaxBody), Insecure: c.Bool(flagInsecure), RequestIDHeader: c.String(flagRequestID),
		ErrorSchema: pick(c, flagSchema, cf.Schema), FailOn: pick(c, flagFail, cf.FailOn),
		Concurrency: c.Int(flagConcurrency), Seed: c.Int64(flagSeed), Preset: chosenPreset(preset), MaxFailures: c.Int(flagMaxFailures),
	}
	if !c.IsSet(flagConcurrency) && cf.Concurrency > 0 {
		cfg.Concurrency = cf.Concurrency
	}
	if !c.IsSet(flagRate) && cf.Rate > 0 {
		cfg.Rate = cf.Rate
	}
	if err := checkLimits(cfg); err != nil {
		return nil, err
	}
	if err := planSettings(c, cf, cfg); err != nil {
		return nil, err
	}
	if err := applySafety(c, cfg); err != nil {
		return nil, err
	}
	var err error
	if cfg.Headers, err = plainHeaders(c.StringSlice(flagHeader)); err != nil {
		return nil, err
	}
	if cfg.Judge, err = judge(cfg.ErrorSchema, cfg.Filter.Skip); err != nil {
		return nil, err
	}
	sev, err := severities(c, cf)
	if err != nil {
		return nil, err
	}
	cfg.Judge.SetSeverities(sev)
	cfg.Judge.SetAutoPreset(checks.AutoPreset(preset))
	if !c.Bool(flagQuiet) {
		cfg.Progress = newProgress(c.App.ErrWriter, isTerminal(c.App.ErrWriter), time.Now).update
	}
	return cfg, nil
}

// planSettings fills what decides which probes are planned: identities,
// filters, overrides. run and plan share it.
func planSettings(c *cli.Context, cf *config.Config, cfg *audit.Config) error {
	cfg.ReadOnly = c.Bool(flagReadOnly) || cf.ReadOnly
	cfg.MaxPerOperation = c.Int(flagMaxPerOp)
	if !c.IsSet(flagMaxPerOp) && cf.MaxProbesPerOperation > 0 {
		cfg.MaxPerOperation = cf.MaxProbesPerOperation
	}
	if cfg.MaxPerOperation < 0 {
		return usagef("--%s must not be negative", flagMaxPerOp)
	}
	if !c.IsSet(flagSeed) && cf.Seed != nil {
		cfg.Seed = *cf.Seed
	}
	var err error
	if cfg.Auth, cfg.Low, err = identities(c, cf); err != nil {
		return err
	}
	for _, m := range splitList([]string{c.String(flagLowMethods)}) {
		cfg.LowMethods = append(cfg.LowMethods, strings.ToUpper(m))
	}
	cfg.LowApplies = lowApplies(cf, cfg.LowMethods)
	cfg.Filter = checks.Filter{
		Only: append(append([]string{}, cf.Only...), splitList(c.StringSlice(flagOnly))...),
		Skip: append(append([]string{}, cf.Skip...), splitList(c.StringSlice(flagSkip))...),
	}
	if err := checkIDsHint(c); err != nil {
		return err
	}
	if err := cfg.Filter.Validate(); err != nil {
		return usagef("%v", err)
	}
	if cfg.Values, err = paramValues(c, cf); err != nil {
		return err
	}
	cfg.Include = opFilter(c, cf.Include, flagIncPath, flagIncMethod, flagIncTag, flagIncOp)
	cfg.Exclude = opFilter(c, cf.Exclude, flagExcPath, flagExcMethod, flagExcTag, flagExcOp)
	cfg.AllowDestructive = allowDestructive(c.Bool(flagAllowDestructive), cf)
	cfg.Overrides, err = overrides(c, cf)
	return err
}

// allowDestructive says which irreversible operations are sent in full:
// every one with --allow-destructive or allowDestructive: true, else those
// allowDestructive: lists, by "METHOD /path" or operationId.
func allowDestructive(flag bool, cf *config.Config) func(op *openapi.Operation) bool {
	all, ops := cf.DestructiveAllowed()
	if flag || all {
		return func(*openapi.Operation) bool { return true }
	}
	if len(ops) == 0 {
		return nil
	}
	return func(op *openapi.Operation) bool {
		for _, o := range ops {
			if o == op.Key() || (op.OperationID != "" && o == op.OperationID) {
				return true
			}
		}
		return false
	}
}

func checkLimits(cfg *audit.Config) error {
	switch {
	case cfg.Concurrency < 1 || cfg.Concurrency > 256:
		return usagef("--concurrency %d: want 1 to 256", cfg.Concurrency)
	case cfg.Timeout <= 0:
		return usagef("--timeout %s: want a positive duration such as 10s", cfg.Timeout)
	case cfg.Rate < 0 || cfg.MaxBody < 1:
		return usagef("--rate and --max-body must be positive")
	case !validHeaderName(cfg.RequestIDHeader):
		return usagef("--request-id-header %q is not a valid header name", cfg.RequestIDHeader)
	}
	if _, err := checks.ParseSeverity(cfg.FailOn); err != nil && cfg.FailOn != "never" {
		return usagef("--fail-on %q: want error, warning, info or never", cfg.FailOn)
	}
	return nil
}

func judge(mode string, skip []string) (*checks.Judge, error) {
	switch checks.SchemaMode(mode) {
	case checks.SchemaAuto, checks.SchemaProblem, checks.SchemaSimple, checks.SchemaSpec:
		return checks.NewJudge(checks.SchemaMode(mode), nil, skip)
	}
	if _, err := os.Stat(mode); err != nil {
		return nil, usagef("--schema %q: not auto, problem, simple or spec, and not a readable file", mode)
	}
	user, err := schemas.FromFile(mode)
	if err != nil {
		return nil, fmt.Errorf("--schema: %w", err)
	}
	return checks.NewJudge(checks.SchemaFile, user, skip)
}

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// credentialHeaders parses 'Header: value' flags, expanding ${ENV}
// references. Each gets the environment variable that stands for it in
// curl reproductions.
func credentialHeaders(where string, values []string, envBase string) ([]audit.Header, error) {
	var out []audit.Header
	for i, v := range values {
		name, value, err := splitHeader(where, v)
		if err != nil {
			return nil, err
		}
		if value, err = expandEnv(where+" "+name, value); err != nil {
			return nil, err
		}
		env := envBase
		if i > 0 {
			env = fmt.Sprintf("%s_%d", envBase, i+1)
		}
		out = append(out, audit.Header{Name: http.CanonicalHeaderKey(name), Value: value, EnvVar: env})
	}
	return out, nil
}

func plainHeaders(values []string) (http.Header, error) {
	h := http.Header{}
	for _, v := range values {
		name, value, err := splitHeader("--"+flagHeader, v)
		if err != nil {
			return nil, err
		}
		h.Add(name, value)
	}
	return h, nil
}

// splitHeader reads 'Name: value'. The value is never echoed in errors:
// it may be a secret.
func splitHeader(where, v string) (string, string, error) {
	name, value, ok := strings.Cut(v, ":")
	name = strings.TrimSpace(name)
	if !ok || !validHeaderName(name) {
		return "", "", usagef("%s: want 'Header: value', e.g. 'Authorization: Bearer ${TOKEN}'", where)
	}
	value = strings.TrimSpace(value)
	if strings.ContainsAny(value, "\r\n\x00") {
		return "", "", usagef("%s %s: the value contains a line break or NUL", where, name)
	}
	return name, value, nil
}

var headerName = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

func validHeaderName(s string) bool { return headerName.MatchString(s) }

func splitList(values []string) []string {
	var out []string
	for _, v := range values {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// reportOptions decides colour (see useColor) and verbosity per output.
func reportOptions(c *cli.Context) func(bool) report.Options {
	return func(toStdout bool) report.Options {
		o := report.Options{}
		if c.Bool(flagVerbose) {
			o.Verbosity = 1
		}
		if c.Bool(flagQuiet) {
			o.Verbosity = -1
		}
		o.Color = useColor(c, toStdout)
		if toStdout && isTerminal(c.App.Writer) {
			o.Width = terminalWidth(c.App.Writer) // a person's terminal; files and CI logs get lines whole
		}
		return o
	}
}

// terminalWidth is the width of the terminal w writes to, 100 when it
// cannot be read.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if width, _, err := term.GetSize(int(f.Fd())); err == nil && width > 0 {
			return width
		}
	}
	return 100
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// chosenPreset is the preset the user named, or "" for auto and none.
func chosenPreset(name string) string {
	if checks.AutoPreset(name) || name == checks.PresetNone {
		return ""
	}
	return name
}
