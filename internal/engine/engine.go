// Package engine sends probes concurrently and streams judged results.
package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/time/rate"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/httpclient"
)

// ErrUnreachable is returned by Err when the run stopped because the
// target kept failing at the transport level.
var ErrUnreachable = errors.New("target unreachable")

// DefaultRequestIDHeader carries each probe's request ID.
const DefaultRequestIDHeader = "X-Request-Id"

// Judge judges one response.
type Judge interface {
	Judge(p checks.Probe, r *checks.Response) []checks.Violation
}

// Options configure an Engine.
type Options struct {
	// Base is the target's base URL; probe paths are appended to it.
	Base *url.URL
	// Concurrency is the number of probes in flight.
	Concurrency int
	// Rate limits probes per second; 0 means unlimited.
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
	// MaxTransportErrors in a row stop the run with ErrUnreachable.
	MaxTransportErrors int
}

// Engine runs probes.
type Engine struct {
	client *httpclient.Client
	judge  Judge
	opts   Options

	mu  sync.Mutex
	err error
}

// New returns an engine.
func New(client *httpclient.Client, judge Judge, opts Options) *Engine {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.RequestIDHeader == "" {
		opts.RequestIDHeader = DefaultRequestIDHeader
	}
	if opts.MaxTransportErrors <= 0 {
		opts.MaxTransportErrors = 5
	}
	return &Engine{client: client, judge: judge, opts: opts}
}

// Err returns why the run stopped early, once the result channel is closed.
func (e *Engine) Err() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.err
}

// Run sends the probes and streams one result per probe, in completion
// order, closing the channel at the end. Probes not sent because ctx was
// cancelled or the target became unreachable come back as skipped.
func (e *Engine) Run(ctx context.Context, probes []checks.Probe) <-chan checks.Result {
	out := make(chan checks.Result, e.opts.Concurrency)
	ctx, stop := context.WithCancel(ctx)
	var limiter *rate.Limiter
	if e.opts.Rate > 0 {
		limiter = rate.NewLimiter(rate.Limit(e.opts.Rate), 1)
	}
	work := make(chan checks.Probe)
	var wg sync.WaitGroup
	var failures atomic.Int64
	for range e.opts.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				if ctx.Err() != nil || (limiter != nil && limiter.Wait(ctx) != nil) {
					out <- skipped(e, p)
					continue
				}
				r := e.one(ctx, p)
				if r.Err != nil && ctx.Err() == nil {
					if failures.Add(1) >= int64(e.opts.MaxTransportErrors) {
						e.fail(fmt.Errorf("%w: %d requests in a row failed, the last with: %v", ErrUnreachable, failures.Load(), r.Err))
						stop()
					}
				} else if r.Err == nil {
					failures.Store(0)
				}
				if r.Err != nil && ctx.Err() != nil {
					r = skipped(e, p)
				}
				out <- r
			}
		}()
	}
	go func() {
		for _, p := range probes {
			work <- p
		}
		close(work)
		wg.Wait()
		stop()
		close(out)
	}()
	return out
}

func (e *Engine) fail(err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.err == nil {
		e.err = err
	}
}

func skipped(e *Engine, p checks.Probe) checks.Result {
	return checks.Result{Probe: p, RequestID: e.RequestID(p), Skipped: true}
}

// RequestID returns the reproducible request ID of a probe.
func (e *Engine) RequestID(p checks.Probe) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d\x00%s", e.opts.Seed, p.ID)
	return fmt.Sprintf("errprobe-%016x", h.Sum64())
}

func (e *Engine) one(ctx context.Context, p checks.Probe) checks.Result {
	res := checks.Result{Probe: p, RequestID: e.RequestID(p)}
	req, err := e.Request(ctx, p, res.RequestID)
	if err != nil {
		res.Err = err
		return res
	}
	resp, err := e.client.Do(ctx, req)
	if err != nil && resp == nil {
		res.Err = err
		return res
	}
	res.Response = &checks.Response{Status: resp.Status, Header: resp.Header, Body: resp.Body, Truncated: resp.Truncated, Duration: resp.Duration}
	if err != nil {
		res.Err = err
		return res
	}
	res.Violations = e.judge.Judge(p, res.Response)
	return res
}

// Request builds the HTTP request for a probe, with its credentials.
func (e *Engine) Request(ctx context.Context, p checks.Probe, requestID string) (*http.Request, error) {
	u := p.Request.URL(e.opts.Base)
	if q := e.opts.CredentialQuery[p.Request.Identity]; len(q) > 0 {
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		u += sep + q.Encode()
	}
	var body *bytes.Reader
	if p.Request.Body != nil {
		body = bytes.NewReader(p.Request.Body)
	}
	var req *http.Request
	var err error
	if body != nil {
		req, err = http.NewRequestWithContext(ctx, p.Request.Method, u, body)
	} else {
		req, err = http.NewRequestWithContext(ctx, p.Request.Method, u, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("building the request: %w", err)
	}
	for k, vs := range e.opts.Headers {
		req.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range p.Request.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range e.opts.Credentials[p.Request.Identity] {
		req.Header[k] = append([]string(nil), vs...)
	}
	req.Header.Set(e.opts.RequestIDHeader, requestID)
	return req, nil
}
