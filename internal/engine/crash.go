package engine

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/httpclient"
	"github.com/errprobe/errprobe/internal/openapi"
)

// ErrCrashed: a target that was answering stopped answering (every new
// connection refused or reset) while probes were in flight. Those probes
// carry a target-crashed finding; the rest of the run is skipped.
var ErrCrashed = errors.New("target crashed")

// Crash says what was in flight when the target stopped answering.
type Crash struct {
	// InFlight are the IDs of the probes sent before the target stopped
	// answering that got no answer, in the order they were sent.
	InFlight []string
	// LastAnswered is the ID of the last probe that got a response, and
	// LastStatus its status; empty when none did.
	LastAnswered string
	LastStatus   int
	// After names the probe after which the target stopped answering:
	// the last sent of those in flight, with the others.
	After string
	// Check says how the crash was confirmed.
	Check string
}

// crashChecks is how many fresh requests of the reference must fail
// before the target is taken for dead; crashPause is the wait between.
const (
	crashChecks = 2
	crashPause  = 200 * time.Millisecond
)

// crashState is what the sender knows about the target's health.
type crashState struct {
	mu sync.Mutex
	// lastID and lastStatus are the last answered probe.
	lastID     string
	lastStatus int
	lastAt     time.Time
	// failSince is when the first request failed after the last answer:
	// a request sent before it was in flight when the target went down.
	failSince time.Time
	crash     *Crash
	starts    []time.Time // of the in-flight probes, as InFlight
}

// Crash returns what was in flight when the target stopped answering, or
// nil when it did not.
func (e *Engine) Crash() *Crash {
	e.crashMu.Lock()
	defer e.crashMu.Unlock()
	if e.crash == nil {
		return nil
	}
	c := *e.crash
	c.InFlight = append([]string(nil), c.InFlight...)
	return &c
}

// lastAnswered records a probe sent at start that got a response at at.
// Workers report late and out of order, so times decide: the last
// answered is the latest received, and only an answer to a request sent
// after the first failure shows the target up again.
func (s *sender) lastAnswered(p checks.Probe, status int, start, at time.Time) {
	s.crash.mu.Lock()
	defer s.crash.mu.Unlock()
	if at.After(s.crash.lastAt) {
		s.crash.lastID, s.crash.lastStatus, s.crash.lastAt = p.ID, status, at
	}
	if start.After(s.crash.failSince) {
		s.crash.failSince = time.Time{}
	}
}

// failedAt records a failed exchange that was sent at start.
func (s *sender) failedAt() {
	s.crash.mu.Lock()
	defer s.crash.mu.Unlock()
	if s.crash.failSince.IsZero() {
		s.crash.failSince = time.Now()
	}
}

// confirm finishes a probe that got no response from a target that
// answered before. With nothing else in flight, it first checks the
// target still accepts connections (when the connection was refused or
// reset: a crash), then sends the probe again: an answer is judged as
// usual, a second failure is the no-response finding, marked confirmed.
func (s *sender) confirm(res checks.Result, x exchange) checks.Result {
	s.gate.Lock()
	defer s.gate.Unlock()
	if res, done := s.afterCrash(res, x); done {
		return res
	}
	if s.runCtx.Err() != nil {
		return skipped(s.e, res.Probe, "")
	}
	if res, done := s.crashed(res, x); done {
		return res
	}
	p := res.Probe
	req, err := s.e.Request(s.reqCtx, p, res.RequestID)
	if err != nil || !s.turn() {
		return skipped(s.e, p, "")
	}
	again := s.send(p, req)
	if res, done := s.crashed(res, again); done {
		return res // the second sending took it down
	}
	switch {
	case again.err == nil:
		res.Response, res.Err = again.resp, nil
		s.answer(p, again)
		return s.judged(res)
	case httpclient.Malformed(again.err):
		return s.noAnswer(res, again)
	case httpclient.Kind(again.err) == httpclient.KindCanceled:
		return skipped(s.e, p, "")
	case !endpointFault(again.err):
		res.Err = again.err
		s.fail(p)
		s.transportFailure(again.err)
		return res
	}
	s.fail(p)
	if checks.IsControl(p) {
		res.Err = fmt.Errorf("%w; sent again alone, and again no response", x.err)
		return res // recorded with its error; never judged
	}
	res.Err, res.Response = nil, again.resp
	cause := fmt.Errorf("%w; confirmed: sent again alone, with nothing else in flight, and again no response", x.err)
	res.Violations = s.e.judge.NoResponse(p, cause, s.streaming(p))
	return res
}

// crashed checks, after a connection refused or reset, whether the target
// is down, and if so finishes the probe as in flight when it died.
func (s *sender) crashed(res checks.Result, x exchange) (checks.Result, bool) {
	switch httpclient.Kind(x.err) {
	case httpclient.KindRefused, httpclient.KindReset, httpclient.KindEOF:
	default:
		return res, false
	}
	check, dead := s.dead()
	if !dead {
		return res, false
	}
	s.declare(check)
	return s.afterCrash(res, x)
}

// dead sends fresh requests of the reference (new connections) and
// reports whether every one was refused or reset, saying how.
func (s *sender) dead() (string, bool) {
	p := s.alive
	if p == nil {
		p = &checks.Probe{ID: "liveness", Op: &openapi.Operation{Method: http.MethodGet, Path: "/"}, Request: checks.Request{Method: http.MethodGet, Path: "/", Identity: checks.IdentityAuthorized}}
	}
	var last error
	for i := range crashChecks {
		if i > 0 && !s.wait(crashPause) {
			return "", false
		}
		req, err := s.e.Request(s.reqCtx, *p, s.e.RequestID(*p))
		if err != nil || !s.turn() {
			return "", false
		}
		resp, err := s.e.client.DoFresh(s.reqCtx, req)
		if resp != nil || err == nil {
			s.crash.mu.Lock()
			s.crash.failSince = time.Time{} // up after the failure
			s.crash.mu.Unlock()
			return "", false
		}
		switch httpclient.Kind(err) {
		case httpclient.KindRefused, httpclient.KindReset, httpclient.KindEOF:
			last = err
		default:
			return "", false // a timeout or another failure proves nothing
		}
	}
	return fmt.Sprintf("%d fresh requests of %s %s got no answer, the last with %v", crashChecks, p.Request.Method, p.Request.Path, last), true
}

// declare records the crash and stops the run.
func (s *sender) declare(check string) {
	s.crash.mu.Lock()
	s.crash.crash = &Crash{LastAnswered: s.crash.lastID, LastStatus: s.crash.lastStatus, Check: check}
	s.crash.mu.Unlock()
}

// afterCrash finishes a failed probe once the target is known to have
// crashed: a probe sent before the first failure was in flight when it
// died and gets the finding; one sent later is skipped.
func (s *sender) afterCrash(res checks.Result, x exchange) (checks.Result, bool) {
	s.crash.mu.Lock()
	c := s.crash.crash
	// Not the error's kind: net/http sends a GET whose pooled connection
	// died again on a new one, which is refused.
	inFlight := c != nil && !x.start.IsZero() && x.start.Before(s.crash.failSince)
	var after string
	if c != nil {
		if inFlight {
			c.InFlight = append(c.InFlight, res.Probe.ID)
			s.crash.starts = append(s.crash.starts, x.start)
		}
		after = s.crashedAfter()
		c.After = after
		snap := *c // the engine's copy: c changes under s.crash.mu only
		snap.InFlight = slices.Clone(c.InFlight)
		s.e.crashMu.Lock()
		s.e.crash = &snap
		s.e.crashMu.Unlock()
	}
	s.crash.mu.Unlock()
	if c == nil {
		return res, false
	}
	s.e.fail(ErrCrashed)
	s.stop()
	if !inFlight {
		return skipped(s.e, res.Probe, "not judged: the target had stopped answering (after "+after+") when this was sent"), true
	}
	last := "no request had been answered"
	if c.LastAnswered != "" {
		last = fmt.Sprintf("the last answered request was %s (%d)", c.LastAnswered, c.LastStatus)
	}
	msg := fmt.Sprintf("the target stopped answering while this request was in flight (%v): %s; %s; the run stopped here", x.err, c.Check, last)
	res.Err, res.Response = nil, nil
	res.Violations = s.e.judge.Crashed(res.Probe, msg)
	return res, true
}

// crashedAfter names the probes in flight when the target died, the one
// sent last first: a server dies as a request arrives, so one that was
// already waiting (a stalled call) is less likely the cause than the
// latest; s.crash.mu is held.
func (s *sender) crashedAfter() string {
	c := s.crash.crash
	if len(c.InFlight) == 0 {
		if c.LastAnswered != "" {
			return c.LastAnswered
		}
		return "the first request"
	}
	first := 0
	for i, t := range s.crash.starts {
		if t.After(s.crash.starts[first]) {
			first = i
		}
	}
	if len(c.InFlight) == 1 {
		return c.InFlight[first]
	}
	return c.InFlight[first] + " (with " + strings.Join(without(c.InFlight, first), ", ") + " in flight)"
}

func without(list []string, i int) []string {
	out := append([]string(nil), list[:i]...)
	return append(out, list[i+1:]...)
}
