package engine

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/httpclient"
)

// sender carries one run's shared state.
type sender struct {
	e       *Engine
	runCtx  context.Context // cancelled: dispatch nothing more
	reqCtx  context.Context // cancelled: abort requests in flight
	stop    context.CancelFunc
	limiter *rate.Limiter
	// failures counts probes in a row that failed at the transport level
	// in a way that says the target is down (see transportFailure).
	failures atomic.Int64
	// answered is set once any request got a response: from then on a
	// probe without one is the endpoint's defect, not an unreachable target.
	answered atomic.Bool
	// controls is what the control probes got; set between the phases.
	controls *checks.Controls
	// learned are the expectations of the framework the controls' answers
	// showed, for probes left at the defaults; set between the phases.
	learned []checks.Override
	// sent holds the operations' control results (see keepControl).
	controlsMu sync.Mutex
	sent       []checks.Result

	breakerMu sync.Mutex
	breakers  map[string]*breaker // by operation key

	// gate lets requests share the target (read lock) until one must be
	// sent alone (write lock): a no-response confirmed, a crash checked.
	gate sync.RWMutex
	// streams holds the keys of operations that answered with an open
	// stream; their probes get the short stream deadline.
	streams sync.Map
	// alive is the request that checks the target still answers: the
	// reference control when planned.
	alive *checks.Probe
	crash crashState
	// baseAlt is the base path the routes answer under instead, found
	// once when most are not served (otherBase).
	baseOnce sync.Once
	baseAlt  string
}

// breaker counts one operation's requests in a row without a usable
// response (none, or a malformed one).
type breaker struct{ failures int }

// errNotSent marks an attempt that was never sent.
var errNotSent = errors.New("not sent")

// probe sends one probe, with retries, and judges the final answer.
func (s *sender) probe(p checks.Probe) checks.Result {
	e := s.e
	p, why := s.repaired(p)
	if why != "" {
		return skipped(e, p, why)
	}
	p = checks.WithLearned(p, s.learned)
	res := checks.Result{Probe: p, RequestID: e.RequestID(p)}
	if allow := e.opts.AllowMethod; allow != nil && !allow(p.Request.Method) {
		return skipped(e, p, "not sent: the method is excluded") // --methods, --deny-methods
	}
	if s.runCtx.Err() != nil {
		return skipped(e, p, "") // the run stopped: that is the reason
	}
	if why := s.controls.Skip(p); why != "" {
		return skipped(e, p, why)
	}
	if why := s.tripped(p); why != "" {
		return skipped(e, p, why)
	}
	for attempt, limited := 0, 0; ; attempt++ {
		x := s.attempt(p, res.RequestID)
		resp, err := x.resp, x.err
		if errors.Is(err, errNotSent) || httpclient.Kind(err) == httpclient.KindCanceled {
			if attempt == 0 {
				return skipped(e, p, "")
			}
			return res // keep what the previous attempt got
		}
		res.Response, res.Err = resp, err
		if errors.Is(err, errBuild) {
			return res // errprobe could not build it: not the target's doing
		}
		if err != nil && resp != nil && resp.Status > 0 && endpointFault(err) && (checks.IsControl(p) || s.streaming(p)) {
			// A request that streams (a watch, a feed) answered with its
			// status; the stream not ending is its nature, not a fault.
			resp.Truncated, resp.Stream = true, true
			res.Err, err = nil, nil
		}
		if err != nil {
			if httpclient.Retryable(err) && idempotent(p.Request.Method) && attempt < e.opts.Retries && s.wait(s.backoff(attempt)) {
				continue
			}
			return s.noAnswer(res, x)
		}
		s.answer(p, x)
		if wait, ok := rateLimited(p, resp, time.Now()); ok {
			if wait > e.opts.MaxRetryAfter {
				res.Err = s.rateStop(fmt.Errorf("%w: the target asks to wait %s, more than --max-retry-after %s", ErrRateLimited, wait.Round(time.Second), e.opts.MaxRetryAfter))
				return res
			}
			if limited < e.opts.RateLimitRetries {
				limited++
				s.pauseFor(wait)
				if s.wait(0) {
					continue
				}
				return skipped(e, p, "")
			}
			res.Err = s.rateStop(fmt.Errorf("%w: still answering %d after %d retries", ErrRateLimited, resp.Status, limited))
			return res
		}
		return s.judged(res)
	}
}

// answer records that p got a response: the target is up, the operation's
// breaker closes, and an open stream marks the operation as streaming.
func (s *sender) answer(p checks.Probe, x exchange) {
	resp := x.resp
	s.failures.Store(0)
	s.answered.Store(true)
	s.reset(p)
	s.lastAnswered(p, resp.Status, x.start, x.start.Add(resp.Duration))
	if resp.Stream {
		s.streams.Store(p.Op.Key(), true)
	}
}

// judged judges an answered probe in the light of its operation's control.
func (s *sender) judged(res checks.Result) checks.Result {
	p, resp := res.Probe, res.Response
	j := s.e.judge
	if checks.IsControl(p) {
		res.Violations = j.Echo(p, resp) // a control is recorded, judged only for echoes
		return res
	}
	res.Violations, res.View = j.JudgeView(p, resp)
	if resp.Stream {
		res.Violations = j.OnStream(p, resp, res.Violations)
	}
	if vs, why := s.controls.Adjust(p, resp.Status, res.Violations); why != "" {
		res.Violations, res.Skipped, res.Reason, res.View = nil, true, why, checks.RunView{}
	} else {
		res.Violations = append(vs, j.Echo(p, resp)...)
	}
	return res
}

// exchange is one attempt: what came back, and when it was sent.
type exchange struct {
	resp  *checks.Response
	err   error
	start time.Time
}

// errBuild marks a request errprobe could not build (a path from the
// description with control characters): an error of that probe.
var errBuild = errors.New("could not test: errprobe cannot build this request")

// attempt waits for its turn (pause, rate, budget) and sends one request,
// sharing the target with the other workers (see alone).
func (s *sender) attempt(p checks.Probe, requestID string) exchange {
	e := s.e
	req, err := e.Request(s.reqCtx, p, requestID)
	if err != nil {
		return exchange{err: fmt.Errorf("%w: %v", errBuild, err)}
	}
	if !s.turn() {
		return exchange{err: errNotSent}
	}
	s.gate.RLock()
	defer s.gate.RUnlock()
	if s.runCtx.Err() != nil {
		return exchange{err: errNotSent}
	}
	return s.send(p, req)
}

// turn waits for a request's turn: any pause (Retry-After), the rate,
// the budget; false when the request must not be sent.
func (s *sender) turn() bool {
	return s.wait(0) && (s.limiter == nil || s.limiter.Wait(s.runCtx) == nil) && s.spend()
}

// spend counts a request against --max-requests; false when spent.
func (s *sender) spend() bool {
	e := s.e
	if max := e.opts.MaxRequests; max > 0 && e.sent.Add(1) > int64(max) {
		e.fail(fmt.Errorf("%w: --max-requests %d reached", ErrBudget, max))
		s.stop()
		return false
	} else if max <= 0 {
		e.sent.Add(1)
	}
	return true
}

// send sends req for p: on a short idle deadline when p's operation
// streams.
func (s *sender) send(p checks.Probe, req *http.Request) exchange {
	x := exchange{start: time.Now()}
	do := s.e.client.Do
	if s.streaming(p) {
		do = s.e.client.DoStream
	}
	resp, err := do(s.reqCtx, req)
	x.err = err
	if resp != nil {
		x.resp = toResponse(resp)
	}
	if err != nil {
		s.failedAt()
	}
	return x
}

// noAnswer finishes a probe that got no usable response after its
// retries. A malformed answer (no status line, a bad chunk, headers past
// the cap, a redirect loop) is the endpoint's defect, as is a timeout, a
// stall or a dropped connection where the target answers other requests
// (rule no-response, confirmed alone first); each counts towards the
// operation's breaker. A connection refused or reset where the target used
// to answer is checked for a crash. A DNS or proxy failure, or anything
// before the target answered at all, is a failure to test, which stops
// the run when it repeats.
func (s *sender) noAnswer(res checks.Result, x exchange) checks.Result {
	p, err := res.Probe, x.err
	if httpclient.Malformed(err) {
		s.failures.Store(0)
		s.answered.Store(true) // it spoke, if not HTTP
		s.fail(p)
		// A control too: the valid request's answer is as unusable.
		res.Err, res.Response = nil, nil
		res.Violations = s.e.judge.Malformed(p, err)
		return res
	}
	if s.answered.Load() && (endpointFault(err) || httpclient.Kind(err) == httpclient.KindRefused) {
		return s.confirm(res, x)
	}
	s.fail(p)
	s.transportFailure(err)
	return res
}

// endpointFault reports whether a transport failure is the kind a server
// causes on one endpoint while it is up: it accepted the connection and
// then did not answer in full.
func endpointFault(err error) bool {
	switch httpclient.Kind(err) {
	case httpclient.KindTimeout, httpclient.KindReset, httpclient.KindEOF:
		return true
	}
	return false
}

// transportFailure counts a failed probe and stops the run when the target
// looks unreachable or the failure will repeat for every request.
func (s *sender) transportFailure(err error) {
	if s.runCtx.Err() != nil {
		return
	}
	if endpointFault(err) && s.answered.Load() {
		return // the endpoint's, not the target's: see noAnswer
	}
	n := s.failures.Add(1)
	switch {
	case httpclient.Fatal(err):
		s.e.fail(fmt.Errorf("%w: %v", ErrUnreachable, err))
		s.stop()
	case n >= int64(s.e.opts.MaxTransportErrors):
		s.e.fail(fmt.Errorf("%w: %d requests in a row failed, the last with: %v", ErrUnreachable, n, err))
		s.stop()
	}
}

// fail counts a request of p's operation without a response.
func (s *sender) fail(p checks.Probe) {
	s.breakerMu.Lock()
	defer s.breakerMu.Unlock()
	k := p.Op.Key()
	b := s.breakers[k]
	if b == nil {
		b = &breaker{}
		s.breakers[k] = b
	}
	b.failures++
}

// reset closes p's operation's breaker: a response arrived.
func (s *sender) reset(p checks.Probe) {
	s.breakerMu.Lock()
	defer s.breakerMu.Unlock()
	if b := s.breakers[p.Op.Key()]; b != nil {
		b.failures = 0
	}
}

// tripped returns why p is not sent when its operation's breaker is open.
func (s *sender) tripped(p checks.Probe) string {
	s.breakerMu.Lock()
	defer s.breakerMu.Unlock()
	b := s.breakers[p.Op.Key()]
	if b == nil || b.failures < s.e.opts.OperationBreaker {
		return ""
	}
	return fmt.Sprintf("not sent: %d requests to this operation in a row got no response or a malformed one, so its remaining probes were skipped (per-operation breaker)", b.failures)
}

// controlVerdict decides, once every control is done, whether the run can
// go on: not when no operation answered its valid request, nor when most
// operations' routes are not served where errprobe sends them.
func (s *sender) controlVerdict() error {
	c := s.controls
	if err := s.e.Err(); err != nil || s.runCtx.Err() != nil {
		return nil // already stopped; that reason stands
	}
	switch {
	case c.NoneAnswered():
		return fmt.Errorf("%w: none of the %d operations answered its valid request", ErrUnreachable, c.Total())
	case c.MostNotServed():
		hint := "check --base-path (or the target URL's path)"
		if alt := s.otherBase(); alt != "" {
			hint = fmt.Sprintf("the routes answer under %s instead: give --base-path %s", alt, alt)
		}
		return fmt.Errorf("%w: the valid requests of %d of %d operations answered 404 or 405 at %s, so errprobe's paths do not reach the API's routes; %s, and path parameter values (--path-param NAME=VALUE, values: in errprobe.yaml)",
			ErrNotServed, c.NotServed(), c.Total(), s.e.base(), hint)
	}
	return nil
}

// otherBase looks for the base path the routes answer under when they do
// not answer under the run's (a description's /v2 the server does not
// mount): it sends one valid GET of a path without parameters that got
// 404 or 405 again under each shorter base path, the root last, and
// returns the first one under which it is served, or "".
func (s *sender) otherBase() string {
	s.baseOnce.Do(func() { s.baseAlt = s.findBase() })
	return s.baseAlt
}

func (s *sender) findBase() string {
	base := s.e.opts.Base
	if base == nil || strings.Trim(base.Path, "/") == "" {
		return ""
	}
	var probe *checks.Result
	for _, r := range s.sentControls() {
		if r.Response != nil && r.Probe.Request.Method == http.MethodGet && !checks.IsReference(r.Probe) &&
			!strings.Contains(r.Probe.Op.Path, "{") && checks.Classify(r) == checks.ControlNotServed {
			probe = &r
			break
		}
	}
	if probe == nil {
		return ""
	}
	segs := strings.Split(strings.Trim(base.Path, "/"), "/")
	for i := len(segs) - 1; i >= 0; i-- {
		alt := "/" + strings.Join(segs[:i], "/")
		req, err := s.e.Request(s.reqCtx, probe.Probe, probe.RequestID)
		if err != nil || !s.turn() {
			return ""
		}
		req.URL.Path = strings.TrimSuffix(alt, "/") + strings.TrimPrefix(req.URL.Path, strings.TrimSuffix(base.Path, "/"))
		req.URL.RawPath = ""
		x := s.send(probe.Probe, req)
		if x.err == nil && x.resp != nil && x.resp.Status != http.StatusNotFound && x.resp.Status != http.StatusMethodNotAllowed && x.resp.Status < 500 {
			return alt
		}
	}
	return ""
}

func (s *sender) rateStop(err error) error {
	s.e.fail(err)
	s.stop()
	return err
}

// backoff is the wait before retry attempt+1: Backoff doubled each time.
func (s *sender) backoff(attempt int) time.Duration {
	return s.e.opts.Backoff << min(attempt, 6)
}

// pauseFor holds every worker back for d (a Retry-After).
func (s *sender) pauseFor(d time.Duration) {
	s.e.pauseMu.Lock()
	defer s.e.pauseMu.Unlock()
	if until := time.Now().Add(d); until.After(s.e.pause) {
		s.e.pause = until
	}
}

// wait sleeps for d and any pause in force; false when the run stopped.
func (s *sender) wait(d time.Duration) bool {
	s.e.pauseMu.Lock()
	until := s.e.pause
	s.e.pauseMu.Unlock()
	if p := time.Until(until); p > d {
		d = p
	}
	if d <= 0 {
		return s.runCtx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return s.runCtx.Err() == nil
	case <-s.runCtx.Done():
		return false
	}
}

// idempotent methods may be sent twice without changing the outcome
// (RFC 9110 §9.2.2).
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// toResponse is the client's response as the judge reads it.
func toResponse(r *httpclient.Response) *checks.Response {
	return &checks.Response{Status: r.Status, Header: r.Header, Body: r.Body, Truncated: r.Truncated, Stream: r.Stream, Duration: r.Duration}
}
