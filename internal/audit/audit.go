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
	"github.com/errprobe/errprobe/internal/fixture"
	"github.com/errprobe/errprobe/internal/httpclient"
	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/internal/redact"
	"github.com/errprobe/errprobe/report"
)

// ErrMaxFailures is returned when the run stopped at --max-failures
// failing causes; its reports are complete for what was sent.
var ErrMaxFailures = errors.New("--max-failures reached")

// ErrNothingToTest is returned when no probe could be planned.
var ErrNothingToTest = errors.New("nothing to test")

// ErrNoProbes is the ErrNothingToTest of a plan with no probe at all.
var ErrNoProbes = fmt.Errorf("%w: the description has no operations the selected checks apply to", ErrNothingToTest)

// Identity is a set of credentials.
type Identity struct {
	Headers []Header
	// Query holds API keys sent as query parameters.
	Query url.Values
}

// empty reports whether the identity carries no credential.
func (i Identity) empty() bool { return len(i.Headers) == 0 && len(i.Query) == 0 }

// OpFilter selects operations; an empty list does not constrain.
type OpFilter struct {
	Paths, Methods, Tags, OperationIDs []string
}

func (f OpFilter) empty() bool {
	return len(f.Paths)+len(f.Methods)+len(f.Tags)+len(f.OperationIDs) == 0
}

func (f OpFilter) matches(op *openapi.Operation) bool {
	any := func(list []string, ok func(string) bool) bool {
		if len(list) == 0 {
			return true
		}
		for _, x := range list {
			if ok(x) {
				return true
			}
		}
		return false
	}
	return any(f.Paths, func(g string) bool { return checks.Selector{Path: g}.MatchesOp(op) }) &&
		any(f.Methods, func(m string) bool { return strings.EqualFold(m, op.Method) }) &&
		any(f.Tags, func(t string) bool { return checks.Selector{Tags: []string{t}}.MatchesOp(op) }) &&
		any(f.OperationIDs, func(id string) bool { return id == op.OperationID })
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
	// Overrides replace expected statuses (presets first, then config).
	Overrides []checks.Override
	// Preset names the framework preset in force, for the reports' remedies.
	Preset string
	// Include and Exclude select operations.
	Include, Exclude OpFilter
	// ReadOnly sends only GET, HEAD and OPTIONS probes.
	ReadOnly bool
	// Values are the user's parameter values (--path-param, values:).
	Values checks.ParamValues
	// AllowDestructive says which irreversible operations are sent in full
	// (--allow-destructive, allowDestructive: in errprobe.yaml); nil: none.
	AllowDestructive func(op *openapi.Operation) bool
	// MaxPerOperation caps the probes per operation (checks.Priority); 0
	// means no cap.
	MaxPerOperation int
	// Shard sends only one shard of the plan (see SplitProbes).
	Shard Shard
	// LowApplies decides which operations get a low-privilege probe; nil
	// means the secured operations whose method is in LowMethods.
	LowApplies func(op *openapi.Operation) bool
	Seed       int64
	FailOn     string
	Version    string

	Concurrency     int
	Rate            float64
	Timeout         time.Duration
	MaxBody         int64
	Insecure        bool
	RequestIDHeader string
	// HTTP holds further client options (idle timeout, TLS, proxy,
	// redirects); the fields above override its Timeout, MaxBody and
	// Insecure.
	HTTP httpclient.Options
	// Limits are the safety limits towards the target; AllowMethod also
	// drops excluded methods from the plan.
	Limits engine.Limits
	// MaxFailures stops the run once this many distinct causes fail; 0
	// means never.
	MaxFailures int
	// MaxRepairs is how many other valid requests are tried for an
	// operation whose valid request the target rejected; 0: none.
	MaxRepairs int
	// Started, when set, is called once the plan is known, before the
	// first request, with the run's header, how many probes and how many
	// control requests will be sent (Progress counts both).
	Started func(run *report.Run, probes, controls int)
	// Progress, when set, is called after each result with how many
	// distinct causes fail so far.
	Progress func(done, total, failing int)
}

// Plan generates the probes of an audit: operations filtered, probes
// generated, expectations overridden, read-only mode applied.
func Plan(cfg *Config) ([]checks.Probe, []string) {
	probes, warnings := checks.Plan(newGen(cfg), cfg.Filter)
	if cfg.ReadOnly {
		kept := probes[:0]
		for _, p := range probes {
			switch p.Request.Method {
			case http.MethodGet, http.MethodHead, http.MethodOptions:
				kept = append(kept, p)
			}
		}
		probes = kept
	}
	if allow := cfg.Limits.AllowMethod; allow != nil {
		kept := probes[:0]
		for _, p := range probes {
			if allow(p.Request.Method) {
				kept = append(kept, p)
			}
		}
		probes = kept
	}
	probes = checks.LimitPerOperation(probes, cfg.MaxPerOperation)
	checks.ApplyOverrides(probes, cfg.Overrides)
	if w := heldBack(probes, cfg.AllowDestructive); w != "" {
		warnings = append(warnings, w)
	}
	return probes, append(warnings, unusedValues(cfg)...)
}

// newGen returns the probe generator of an audit.
func newGen(cfg *Config) *checks.Gen { return genOver(cfg, allPaths(cfg)) }

// allPaths returns the path templates of the whole description.
func allPaths(cfg *Config) []string {
	var out []string
	for _, p := range cfg.Spec.Paths {
		out = append(out, p.Template)
	}
	return out
}

// genOver is newGen with the description's paths (allPaths) given.
func genOver(cfg *Config, paths []string) *checks.Gen {
	g := &checks.Gen{
		Spec: filterSpec(cfg), Seed: cfg.Seed, HasLowIdentity: !cfg.Low.empty(),
		LowMethods: cfg.LowMethods, LowApplies: cfg.LowApplies, Values: cfg.Values,
		AllPaths: paths,
	}
	if len(cfg.Auth.Headers) > 0 {
		g.AuthHeader = http.CanonicalHeaderKey(cfg.Auth.Headers[0].Name)
	}
	return g
}

// unusedValues warns about user values that name no parameter or body
// field of the description: a typo would otherwise go unnoticed.
func unusedValues(cfg *Config) []string {
	var out []string
	for _, v := range cfg.Values {
		if used(cfg.Spec, v) {
			continue
		}
		where := "parameter"
		switch v.In {
		case "":
		case checks.InBody:
			where = "body field"
		default:
			where = v.In + " parameter"
		}
		msg := fmt.Sprintf("no operation has a %s named %q: its value is not used", where, v.Name)
		if in := elsewhere(cfg.Spec, v.Name); in != "" && in != v.In {
			msg += fmt.Sprintf("; it is a %s: give --param %s:%s=VALUE", located(in), in, v.Name)
			if in != checks.InBody {
				msg += fmt.Sprintf(" (or --param %s=VALUE for any location)", v.Name)
			}
		}
		out = append(out, msg)
	}
	return out
}

// used reports whether a user's value names an input of an operation it
// is given for.
func used(spec *openapi.Spec, v checks.ParamValue) bool {
	for _, op := range spec.Operations {
		if !v.For(op) {
			continue
		}
		if v.In == checks.InBody {
			if checks.HasBodyField(op, v.Name) {
				return true
			}
			continue
		}
		for _, p := range op.Parameters {
			if p.Name == v.Name && (v.In == "" || strings.EqualFold(v.In, p.In)) {
				return true
			}
		}
	}
	return false
}

// located names a location for messages: "query parameter", "body field".
func located(in string) string {
	if in == checks.InBody {
		return "body field"
	}
	return in + " parameter"
}

// elsewhere returns the location of the first parameter named name, else
// "body" for a body field of that name, else "".
func elsewhere(spec *openapi.Spec, name string) string {
	for _, op := range spec.Operations {
		for _, p := range op.Parameters {
			if p.Name == name {
				return p.In
			}
		}
	}
	for _, op := range spec.Operations {
		if checks.HasBodyField(op, name) {
			return checks.InBody
		}
	}
	return ""
}

// filterSpec returns the description with only the selected operations.
func filterSpec(cfg *Config) *openapi.Spec {
	if cfg.Include.empty() && cfg.Exclude.empty() {
		return cfg.Spec
	}
	s := *cfg.Spec
	s.Operations, s.Paths = nil, nil
	kept := map[string]bool{}
	for _, op := range cfg.Spec.Operations {
		if (cfg.Include.empty() || cfg.Include.matches(op)) && (cfg.Exclude.empty() || !cfg.Exclude.matches(op)) {
			s.Operations = append(s.Operations, op)
			kept[op.Path] = true
		}
	}
	for _, p := range cfg.Spec.Paths {
		if kept[p.Template] {
			s.Paths = append(s.Paths, p)
		}
	}
	return &s
}

// Run plans and sends the probes and returns the finished run. The run is
// returned even when err is set (interrupted, target unreachable), marked
// incomplete, so its reports can still be written.
func Run(ctx context.Context, cfg *Config) (*report.Run, error) {
	if cfg.RequestIDHeader == "" {
		cfg.RequestIDHeader = engine.DefaultRequestIDHeader
	}
	cfg.Headers = cfg.Headers.Clone()
	if cfg.Headers == nil {
		cfg.Headers = http.Header{}
	}
	if cfg.Headers.Get("User-Agent") == "" {
		// Set here, not in the engine, so reports and curl lines show it.
		cfg.Headers.Set("User-Agent", "errprobe/"+cfg.Version)
	}
	probes, warnings := Plan(cfg)
	planned, all := len(probes), probes
	probes = cfg.Shard.Select(probes)
	red := redactor(cfg)
	cfg.Judge.SetEchoer(red, cfg.Headers)
	run := newRun(cfg, red, probes, warnings)
	if cfg.Insecure {
		run.Warnings = append(run.Warnings, "TLS certificate verification is OFF (--insecure): answers may not come from the target, and credentials may reach an impostor")
	}
	if planned > 0 && len(probes) == 0 {
		return run, fmt.Errorf("%w: shard %s has no probes: the plan has fewer operations than shards", ErrNothingToTest, cfg.Shard)
	}
	if len(probes) == 0 {
		return run, ErrNoProbes
	}
	hopts := cfg.HTTP
	hopts.Timeout, hopts.MaxBody, hopts.Insecure, hopts.Connections = cfg.Timeout, cfg.MaxBody, cfg.Insecure, cfg.Concurrency
	client := httpclient.New(hopts)
	defer client.CloseIdle()
	rep := newRepairer(cfg)
	eng := engine.New(client, cfg.Judge, engine.Options{
		Base: cfg.Target, Concurrency: cfg.Concurrency, Rate: cfg.Rate, RequestIDHeader: cfg.RequestIDHeader,
		Seed: cfg.Seed, Headers: cfg.Headers, Credentials: credentials(cfg),
		CredentialQuery: map[string]url.Values{checks.IdentityAuthorized: cfg.Auth.Query, checks.IdentityLow: cfg.Low.Query},
		Limits:          cfg.Limits, Release: true,
		Repairer: rep, MaxRepairs: cfg.MaxRepairs,
	})
	if cfg.Started != nil {
		n := 0
		for _, p := range probes {
			if !checks.IsControl(p) {
				n++
			}
		}
		cfg.Started(run, n, len(probes)-n)
	}
	fx := fixture.New(eng, cfg.Spec)
	fx.Repair(rep.Repair, cfg.MaxRepairs)
	probes = withFixtures(ctx, cfg, fx, all, probes)
	eng.Answered(fx.Answered())
	b := builder(cfg, red)
	start := time.Now()
	total := len(probes) + len(fx.Answered()) // the look-ups that stand for controls come back as results
	// probes is handed over (Release) and not used below, so the engine can
	// free the plan as it sends.
	runCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	failing := &causeCount{max: cfg.MaxFailures, t: checks.LenientThreshold(cfg.FailOn), seen: map[string]bool{}, stop: stop}
	views := collect(fx.Track(eng.Run(runCtx, probes)), total, cfg, b, run, failing)
	fx.Remove(ctx)
	run.DurationMs = float64(time.Since(start).Milliseconds())
	addFixtures(run, b, fx)
	rv := views.Views()
	if run.ErrorContract = checks.LearnContract(rv); run.ErrorContract != nil {
		run.ErrorContract.Applied = cfg.Judge.Learned()
	}
	for i, vs := range cfg.Judge.RunLevel(rv) {
		b.AddViolations(&run.Results[views.Result(i)], vs)
	}
	err := eng.Err()
	if cause := context.Cause(runCtx); errors.Is(cause, ErrMaxFailures) && ctx.Err() == nil {
		err = cause // our own stop, not an interruption
	} else if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	run.Complete = err == nil
	if err != nil {
		run.StopReason = stopReason(err, run)
	}
	run.Warnings = append(run.Warnings, driftWarnings(eng.Drifts())...)
	repairs := eng.Repairs()
	for _, w := range repairWarnings(repairs) {
		run.Warnings = append(run.Warnings, red.String(w)) // it quotes the target's answers
	}
	run.Finish()                              // sorted first, so the warnings list operations in order
	if !errors.Is(err, engine.ErrNotServed) { // the stop reason says it all
		run.Warnings = append(run.Warnings, controlWarnings(run, eng.Controls(), repairedOps(repairs))...)
	}
	if c := eng.Crash(); c != nil {
		run.Warnings = append(run.Warnings, crashWarning(run, c))
	}
	return run, err
}

func newRun(cfg *Config, red *redact.Redactor, probes []checks.Probe, warnings []string) *report.Run {
	methods := map[string]bool{}
	for _, p := range probes {
		methods[p.Request.Method] = true
	}
	ms := make([]string, 0, len(methods))
	for m := range methods {
		ms = append(ms, m)
	}
	sort.Strings(ms)
	return &report.Run{
		SchemaVersion: report.SchemaVersion,
		Tool:          report.Tool{Name: "errprobe", Version: cfg.Version},
		Target:        red.Exact(cfg.Target.Redacted()),
		Spec:          cfg.Spec.Source,
		SpecTitle:     cfg.Spec.Title,
		SpecVersion:   cfg.Spec.Version,
		Seed:          cfg.Seed,
		ErrorSchema:   cfg.ErrorSchema,
		FailOn:        cfg.FailOn,
		Preset:        cfg.Preset,
		Shard:         cfg.Shard.String(),
		StartedAt:     time.Now().UTC().Truncate(time.Second),
		Methods:       ms,
		Warnings:      append(append([]string{}, cfg.Spec.Warnings...), warnings...),
		Results:       []report.Result{},
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
		for _, vs := range ident.Query {
			secrets = append(secrets, vs...)
		}
	}
	for _, u := range []*url.URL{cfg.Target, cfg.HTTP.Proxy} {
		if u != nil && u.User != nil {
			secrets = append(secrets, u.User.String())
			if pw, ok := u.User.Password(); ok {
				secrets = append(secrets, pw)
			}
		}
	}
	return redact.New(secrets...)
}

func builder(cfg *Config, red *redact.Redactor) *report.Builder {
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
		Credentials: creds, Redactor: red, Threshold: checks.LenientThreshold(cfg.FailOn),
		CredentialQuery: map[string][]string{checks.IdentityAuthorized: keys(cfg.Auth.Query), checks.IdentityLow: keys(cfg.Low.Query)},
	}
}

func keys(v url.Values) []string {
	out := make([]string, 0, len(v))
	for k := range v {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
