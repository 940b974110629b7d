// Package audit runs one audit: it plans probes from a description, sends
// them through the engine and collects a report.Run.
package audit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/engine"
	"github.com/errprobe/errprobe/internal/httpclient"
	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/internal/redact"
	"github.com/errprobe/errprobe/report"
)

// ErrNothingToTest is returned when no probe could be planned.
var ErrNothingToTest = errors.New("nothing to test")

// Identity is a named set of credential headers.
type Identity struct {
	Headers []Header
}

// Header is one credential header and the environment variable that
// stands for it in reproductions.
type Header struct {
	Name, Value, EnvVar string
}

// Config is everything an audit needs; cmd fills it from flags.
type Config struct {
	Spec        *openapi.Spec
	Target      *url.URL
	Auth, Low   Identity
	LowMethods  []string
	Headers     http.Header
	Judge       *checks.Judge
	ErrorSchema string
	Filter      checks.Filter
	Seed        int64
	FailOn      string
	Version     string

	Concurrency     int
	Rate            float64
	Timeout         time.Duration
	MaxBody         int64
	Insecure        bool
	RequestIDHeader string
	// Progress, when set, is called after each result.
	Progress func(done, total int)
}

// Plan generates the probes of an audit.
func Plan(cfg *Config) ([]checks.Probe, []string) {
	g := &checks.Gen{
		Spec: cfg.Spec, Seed: cfg.Seed, HasLowIdentity: len(cfg.Low.Headers) > 0,
		LowMethods: cfg.LowMethods,
	}
	if len(cfg.Auth.Headers) > 0 {
		g.AuthHeader = http.CanonicalHeaderKey(cfg.Auth.Headers[0].Name)
	}
	return checks.Plan(g, cfg.Filter)
}

// Run plans and sends the probes and returns the finished run. The run is
// returned even when err is set (interrupted, target unreachable), marked
// incomplete, so its reports can still be written.
func Run(ctx context.Context, cfg *Config) (*report.Run, error) {
	probes, warnings := Plan(cfg)
	run := newRun(cfg, probes, warnings)
	if len(probes) == 0 {
		return run, fmt.Errorf("%w: the description has no operations the selected checks apply to", ErrNothingToTest)
	}
	client := httpclient.New(httpclient.Options{
		Timeout: cfg.Timeout, MaxBody: cfg.MaxBody, Insecure: cfg.Insecure, Connections: cfg.Concurrency,
	})
	defer client.CloseIdle()
	eng := engine.New(client, cfg.Judge, engine.Options{
		Base: cfg.Target, Concurrency: cfg.Concurrency, Rate: cfg.Rate, RequestIDHeader: cfg.RequestIDHeader,
		Seed: cfg.Seed, Headers: cfg.Headers, Credentials: credentials(cfg),
	})
	b := builder(cfg)
	start := time.Now()
	for res := range eng.Run(ctx, probes) {
		run.Results = append(run.Results, b.Result(res))
		if cfg.Progress != nil {
			cfg.Progress(len(run.Results), len(probes))
		}
	}
	run.DurationMs = float64(time.Since(start).Milliseconds())
	err := eng.Err()
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	run.Complete = err == nil
	if err != nil {
		run.StopReason = stopReason(err, run)
	}
	run.Finish()
	return run, err
}

func newRun(cfg *Config, probes []checks.Probe, warnings []string) *report.Run {
	methods := map[string]bool{}
	for _, p := range probes {
		methods[p.Request.Method] = true
	}
	ms := make([]string, 0, len(methods))
	for m := range methods {
		ms = append(ms, m)
	}
	sort.Strings(ms)
	red := redactor(cfg)
	return &report.Run{
		SchemaVersion: report.SchemaVersion,
		Tool:          report.Tool{Name: "errprobe", Version: cfg.Version},
		Target:        red.String(cfg.Target.Redacted()),
		Spec:          cfg.Spec.Source,
		SpecTitle:     cfg.Spec.Title,
		SpecVersion:   cfg.Spec.Version,
		Seed:          cfg.Seed,
		ErrorSchema:   cfg.ErrorSchema,
		FailOn:        cfg.FailOn,
		StartedAt:     time.Now().UTC().Truncate(time.Second),
		Methods:       ms,
		Warnings:      append(append([]string{}, cfg.Spec.Warnings...), warnings...),
		Results:       make([]report.Result, 0, len(probes)),
	}
}

func stopReason(err error, run *report.Run) string {
	left := 0
	for _, r := range run.Results {
		if r.Outcome == report.OutcomeSkip {
			left++
		}
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Sprintf("interrupted: %d probes not run", left)
	}
	return fmt.Sprintf("stopped: %v; %d probes not run", err, left)
}

func credentials(cfg *Config) map[string]http.Header {
	out := map[string]http.Header{}
	for id, ident := range map[string]Identity{checks.IdentityAuthorized: cfg.Auth, checks.IdentityLow: cfg.Low} {
		h := http.Header{}
		for _, c := range ident.Headers {
			h.Add(c.Name, c.Value)
		}
		out[id] = h
	}
	return out
}

func redactor(cfg *Config) *redact.Redactor {
	var secrets []string
	for _, ident := range []Identity{cfg.Auth, cfg.Low} {
		for _, h := range ident.Headers {
			secrets = append(secrets, h.Value)
		}
	}
	if cfg.Target.User != nil {
		secrets = append(secrets, cfg.Target.User.String())
		if pw, ok := cfg.Target.User.Password(); ok {
			secrets = append(secrets, pw)
		}
	}
	return redact.New(secrets...)
}

func builder(cfg *Config) *report.Builder {
	creds := map[string][]report.Credential{}
	for id, ident := range map[string]Identity{checks.IdentityAuthorized: cfg.Auth, checks.IdentityLow: cfg.Low} {
		for _, h := range ident.Headers {
			creds[id] = append(creds[id], report.Credential{Header: h.Name, EnvVar: h.EnvVar})
		}
	}
	base := *cfg.Target
	base.User = nil
	return &report.Builder{
		Base: &base, Headers: cfg.Headers, RequestIDHeader: cfg.RequestIDHeader,
		Credentials: creds, Redactor: redactor(cfg),
	}
}

// Describe returns a one-line description of what a run will do to which
// host, for the log of a CI job.
func Describe(cfg *Config, probes []checks.Probe) string {
	methods := map[string]bool{}
	for _, p := range probes {
		methods[p.Request.Method] = true
	}
	var ms []string
	for m := range methods {
		ms = append(ms, m)
	}
	sort.Strings(ms)
	return fmt.Sprintf("%d probes to %s using %s", len(probes), cfg.Target.Host, strings.Join(ms, ", "))
}
