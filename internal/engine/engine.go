// Package engine sends probes concurrently and streams judged results. It
// enforces what the user allowed towards the target: concurrency, rate,
// a request budget, allowed methods, retries only for idempotent methods,
// Retry-After up to a cap, and a stop after repeated transport failures.
package engine

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/httpclient"
)

// Reasons a run stops early, returned by Err.
var (
	// ErrUnreachable: the target kept failing at the transport level, or
	// failed in a way every request would (TLS trust).
	ErrUnreachable = errors.New("target unreachable")
	// ErrRateLimited: the target kept answering 429 (or 503 with
	// Retry-After) beyond the retries and wait allowed.
	ErrRateLimited = errors.New("rate limited")
	// ErrBudget: --max-requests requests were sent.
	ErrBudget = errors.New("request budget spent")
	// ErrNotServed: most operations' valid requests answered 404 or 405,
	// so the target does not serve the described routes where errprobe
	// sends them (a wrong base path or path parameter values).
	ErrNotServed = errors.New("routes not served")
)

// DefaultRequestIDHeader carries each probe's request ID.
const DefaultRequestIDHeader = "X-Request-Id"

// Defaults of Options.
const (
	DefaultMaxTransportErrors = 5
	DefaultMaxRetryAfter      = 30 * time.Second
	DefaultRateLimitRetries   = 3
	DefaultGrace              = 500 * time.Millisecond
	DefaultBackoff            = 250 * time.Millisecond
	DefaultOperationBreaker   = 3
)

// Judge decides every verdict on an exchange; checks.Judge implements it.
type Judge interface {
	// JudgeView judges a probe's answer and returns its run-level view,
	// decoding the body once.
	JudgeView(p checks.Probe, r *checks.Response) ([]checks.Violation, checks.RunView)
	// NoResponse judges a probe the target left without a complete answer
	// while it answers other requests; streams says its operation answers
	// with an open stream.
	NoResponse(p checks.Probe, cause error, streams bool) []checks.Violation
	// Echo judges whether an answer, a control's included, repeats a
	// credential the run sent.
	Echo(p checks.Probe, r *checks.Response) []checks.Violation
	// Malformed judges a probe whose answer could not be read as HTTP.
	Malformed(p checks.Probe, cause error) []checks.Violation
	// Crashed judges a probe in flight when the target stopped answering.
	Crashed(p checks.Probe, msg string) []checks.Violation
	// OnStream reads the violations of an answer that was an open stream.
	OnStream(p checks.Probe, r *checks.Response, vs []checks.Violation) []checks.Violation
	// Learn reads the framework from the control requests' answers and
	// returns the expectations it implies for probes left at RFC 9110's
	// defaults (checks.WithLearned).
	Learn(controls []checks.Result) []checks.Override
}

// Options configure an Engine.
type Options struct {
	// Base is the target's base URL; probe paths are appended to it.
	Base *url.URL
	// Concurrency is the number of requests in flight, retries included.
	Concurrency int
	// Rate limits requests (retries included) per second; 0 means unlimited.
	Rate float64
	// RequestIDHeader carries a per-probe ID the server can log.
	RequestIDHeader string
	// Seed goes into request IDs so they are reproducible.
	Seed int64
	// Headers are added to every request.
	Headers http.Header
	// Credentials are added per probe identity (checks.Identity*).
	Credentials map[string]http.Header
	// CredentialQuery are query parameters (API keys) added per identity.
	CredentialQuery map[string]url.Values
	// MaxTransportErrors in a row that say the target is down (refused,
	// DNS, proxy), or that happen before the target answered anything,
	// stop the run with ErrUnreachable.
	MaxTransportErrors int
	// OperationBreaker is how many requests of one operation in a row may
	// get no response (timeout, reset, EOF) before its remaining probes
	// are skipped, so a hostile endpoint costs a few timeouts, not the run.
	OperationBreaker int
	// Release hands the probes slice over to the engine: it is copied into
	// small chunks and each probe and chunk is dropped once dispatched, so a
	// long plan's requests (headers, bodies) and its array are freed as the
	// run goes. The caller must not use the slice afterwards.
	Release bool
	// Repairer, when set, tries other valid requests for an operation
	// whose valid request the target rejected (400, 409, 422), up to
	// MaxRepairs of them, and sends its probes from the first it accepts.
	Repairer   Repairer
	MaxRepairs int
	// Limits towards the target.
	Limits
}

// Limits are the safety limits of a run; the zero value takes defaults.
type Limits struct {
	// Retries is how often a request of an idempotent method is sent
	// again after a transport error (reset, EOF, timeout). Default 0.
	Retries int
	// Backoff is the wait before the first retry, doubled each time.
	Backoff time.Duration
	// MaxRetryAfter caps the wait a 429/503 Retry-After may ask for; a
	// longer one stops the run with ErrRateLimited.
	MaxRetryAfter time.Duration
	// RateLimitRetries is how often a rate-limited request is sent again.
	RateLimitRetries int
	// MaxRequests stops dispatching after this many requests; 0: no limit.
	MaxRequests int
	// AllowMethod, when set, must accept a method before it is sent.
	AllowMethod func(method string) bool
	// Grace is how long in-flight requests may finish after the run is
	// cancelled.
	Grace time.Duration
}

// Engine runs probes.
type Engine struct {
	client *httpclient.Client
	judge  Judge
	opts   Options

	sent    atomic.Int64 // requests sent, retries included
	pauseMu sync.Mutex
	pause   time.Time // no request before this (Retry-After)

	mu  sync.Mutex
	err error

	controls *checks.Controls // every control's class, once Run's channel is closed

	crashMu sync.Mutex
	crash   *Crash

	drift    drifts          // resources that changed during the run
	repair   repairs         // operations whose rejected valid request was repaired
	answered []checks.Result // controls sent before Run (see Answered)
}

// New returns an engine.
func New(client *httpclient.Client, judge Judge, opts Options) *Engine {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.RequestIDHeader == "" {
		opts.RequestIDHeader = DefaultRequestIDHeader
	}
	opts.RequestIDHeader = http.CanonicalHeaderKey(opts.RequestIDHeader)
	if opts.MaxTransportErrors <= 0 {
		opts.MaxTransportErrors = DefaultMaxTransportErrors
	}
	if opts.OperationBreaker <= 0 {
		opts.OperationBreaker = DefaultOperationBreaker
	}
	if opts.MaxRetryAfter <= 0 {
		opts.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if opts.RateLimitRetries <= 0 {
		opts.RateLimitRetries = DefaultRateLimitRetries
	}
	if opts.Grace <= 0 {
		opts.Grace = DefaultGrace
	}
	if opts.Backoff <= 0 {
		opts.Backoff = DefaultBackoff
	}
	return &Engine{client: client, judge: judge, opts: opts}
}

// Err returns why the run stopped early, once the result channel is closed.
func (e *Engine) Err() error {
	e.mu.Lock()
	err := e.err
	e.mu.Unlock()
	if err == ErrCrashed {
		if c := e.Crash(); c != nil {
			return fmt.Errorf("%w: the target stopped answering after %s", ErrCrashed, c.After)
		}
	}
	return err
}

// Controls returns what every control request of the last Run found, the
// valid DELETEs sent last included. Call it once Run's channel is closed.
func (e *Engine) Controls() *checks.Controls { return e.controls }

// Run sends the probes and streams one result per probe, in completion
// order, closing the channel at the end. The probes are sent in the order
// of the write plan (see runPlan): each operation's control before its
// other probes, which are skipped or read in the light of it
// (checks.Controls); the probes that cannot change state before those
// that may; the valid DELETEs last. Probes not sent because ctx was
// cancelled or the run stopped early come back as skipped. After ctx is
// cancelled, requests in flight get Options.Grace to finish.
func (e *Engine) Run(ctx context.Context, probes []checks.Probe) <-chan checks.Result {
	out := make(chan checks.Result, e.opts.Concurrency)
	runCtx, stop := context.WithCancel(ctx)
	reqCtx, reqCancel := context.WithCancel(context.WithoutCancel(ctx))
	stopGrace := context.AfterFunc(runCtx, func() { time.AfterFunc(e.opts.Grace, reqCancel) })
	s := &sender{e: e, runCtx: runCtx, reqCtx: reqCtx, stop: stop, breakers: map[string]*breaker{}}
	if e.opts.Rate > 0 {
		s.limiter = rate.NewLimiter(rate.Limit(e.opts.Rate), 1)
	}
	controls, rest := splitControls(probes)
	for i := range controls {
		if checks.IsReference(controls[i]) {
			s.alive = &controls[i]
		}
	}
	w := newWritePlan(controls, rest)
	go func() {
		s.runPlan(w, out)
		e.controls = checks.NewControls(s.sentControls()) // read after out is closed
		stopGrace()
		stop()
		reqCancel()
		close(out)
	}()
	return out
}

// dispatch sends probes on Concurrency workers and streams their results,
// returning once every one is done; with keep it also returns the results.
func (s *sender) dispatch(probes iter.Seq[checks.Probe], out chan<- checks.Result, keep bool) []checks.Result {
	work := make(chan checks.Probe)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		kept []checks.Result
	)
	for range s.e.opts.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				r := s.probe(p)
				if s.repairs(r) {
					r = s.repair(r, out)
				}
				s.keepControl(r)
				if keep {
					mu.Lock()
					kept = append(kept, r)
					mu.Unlock()
				}
				out <- r
			}
		}()
	}
	for p := range probes {
		work <- p
	}
	close(work)
	wg.Wait()
	return kept
}

// splitControls separates the control probes from the others, keeping
// the order of both. The others are compacted in place (the caller hands
// the slice over).
func splitControls(probes []checks.Probe) (controls, rest []checks.Probe) {
	rest = probes[:0]
	for _, p := range probes {
		if checks.IsControl(p) {
			controls = append(controls, p)
		} else {
			rest = append(rest, p)
		}
	}
	clear(probes[len(rest):])
	return controls, rest
}

// releaseChunk is how many probes releasing copies out of the plan at a time.
const releaseChunk = 1024

// releasing yields the probes in order while keeping only the chunk being
// dispatched: the plan is copied into small chunks up front (the caller
// gives up the slice), each probe is cleared once yielded and each chunk
// dropped once done, so on a long plan neither the sent probes' requests
// nor the big backing array outlive their dispatch.
func releasing(probes []checks.Probe) iter.Seq[checks.Probe] {
	chunks := make([][]checks.Probe, 0, (len(probes)+releaseChunk-1)/releaseChunk)
	for len(probes) > 0 {
		n := min(releaseChunk, len(probes))
		chunks = append(chunks, append([]checks.Probe(nil), probes[:n]...))
		clear(probes[:n])
		probes = probes[n:]
	}
	return func(yield func(checks.Probe) bool) {
		for i := range chunks {
			for j := range chunks[i] {
				p := chunks[i][j]
				chunks[i][j] = checks.Probe{}
				if !yield(p) {
					return
				}
			}
			chunks[i] = nil
		}
	}
}

func (e *Engine) fail(err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.err == nil {
		e.err = err
	}
}

// skipped is the result of a probe that was not sent: why says so, else
// the reason the run stopped, if it did.
func skipped(e *Engine, p checks.Probe, why string) checks.Result {
	if err := e.Err(); why == "" && err != nil {
		why = "not sent: the run stopped (" + err.Error() + ")"
	}
	return checks.Result{Probe: p, RequestID: e.RequestID(p), Skipped: true, Reason: why}
}

// base is the target's base URL as reports show it, without user-info.
func (e *Engine) base() string {
	if e.opts.Base == nil {
		return "the target"
	}
	u := *e.opts.Base
	u.User = nil
	return u.String()
}

// RequestID returns the reproducible request ID of a probe.
func (e *Engine) RequestID(p checks.Probe) string {
	h := fnv.New64a()
	var buf [64]byte
	b := append(strconv.AppendInt(buf[:0], e.opts.Seed, 10), 0)
	h.Write(b)
	io.WriteString(h, p.ID)
	id := strconv.AppendUint(buf[:0], h.Sum64(), 16)
	const pad = "0000000000000000"
	return "errprobe-" + pad[len(id):] + string(id)
}
