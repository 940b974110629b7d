package engine

import (
	"context"
	"errors"
	"fmt"
	"net/http"
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
	// failures counts probes in a row that failed at the transport level.
	failures atomic.Int64
}

// errNotSent marks an attempt that was never sent.
var errNotSent = errors.New("not sent")

// probe sends one probe, with retries, and judges the final answer.
func (s *sender) probe(p checks.Probe) checks.Result {
	e := s.e
	res := checks.Result{Probe: p, RequestID: e.RequestID(p)}
	if allow := e.opts.AllowMethod; allow != nil && !allow(p.Request.Method) {
		return skipped(e, p) // never sent: the method is excluded
	}
	for attempt, limited := 0, 0; ; attempt++ {
		resp, err := s.attempt(p, res.RequestID)
		if errors.Is(err, errNotSent) || httpclient.Kind(err) == httpclient.KindCanceled {
			if attempt == 0 {
				return skipped(e, p)
			}
			return res // keep what the previous attempt got
		}
		res.Response, res.Err = resp, err
		if err != nil {
			if httpclient.Retryable(err) && idempotent(p.Request.Method) && attempt < e.opts.Retries && s.wait(s.backoff(attempt)) {
				continue
			}
			s.transportFailure(err)
			return res
		}
		s.failures.Store(0)
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
				return skipped(e, p)
			}
			res.Err = s.rateStop(fmt.Errorf("%w: still answering %d after %d retries", ErrRateLimited, resp.Status, limited))
			return res
		}
		if vj, ok := e.judge.(viewJudge); ok {
			res.Violations, res.View = vj.JudgeView(p, resp)
		} else {
			res.Violations = e.judge.Judge(p, resp)
		}
		return res
	}
}

// attempt waits for its turn (pause, rate, budget) and sends one request.
func (s *sender) attempt(p checks.Probe, requestID string) (*checks.Response, error) {
	e := s.e
	if !s.wait(0) || (s.limiter != nil && s.limiter.Wait(s.runCtx) != nil) {
		return nil, errNotSent
	}
	if max := e.opts.MaxRequests; max > 0 && e.sent.Add(1) > int64(max) {
		e.fail(fmt.Errorf("%w: --max-requests %d reached", ErrBudget, max))
		s.stop()
		return nil, errNotSent
	} else if max <= 0 {
		e.sent.Add(1)
	}
	req, err := e.Request(s.reqCtx, p, requestID)
	if err != nil {
		return nil, err
	}
	resp, err := e.client.Do(s.reqCtx, req)
	if resp == nil {
		return nil, err
	}
	return &checks.Response{Status: resp.Status, Header: resp.Header, Body: resp.Body, Truncated: resp.Truncated, Duration: resp.Duration}, err
}

// transportFailure counts a failed probe and stops the run when the target
// looks unreachable or the failure will repeat for every request.
func (s *sender) transportFailure(err error) {
	if s.runCtx.Err() != nil {
		return
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
