package engine

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/errprobe/errprobe/internal/hostile"
	"github.com/errprobe/errprobe/internal/httpclient"
)

// flaky resets every odd request and answers the others with a problem.
func flaky(delay time.Duration) http.Handler {
	var n atomic.Int64
	reset, ok := hostile.ResetMidBody(), hostile.Problem()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(delay)
		if n.Add(1)%2 == 1 {
			reset.ServeHTTP(w, r)
			return
		}
		ok.ServeHTTP(w, r)
	})
}

// Case 16: the server never sees more requests in flight than
// --concurrency, retries included.
func TestConcurrencyNeverExceeded(t *testing.T) {
	for _, n := range []int{1, 3, 8} {
		rec, base := target(t, flaky(15*time.Millisecond))
		e := newEngine(t, base, Options{Concurrency: n, Limits: Limits{Retries: 3}}, httpclient.Options{})
		rs := collect(context.Background(), e, probes(24, http.MethodGet))
		if got := rec.Peak(); got > n || got < min(n, 2) {
			t.Errorf("concurrency %d: peak in flight %d", n, got)
		}
		if rec.Count() <= 24 {
			t.Errorf("concurrency %d: %d requests, want retries on top of 24", n, rec.Count())
		}
		if a, e, _, _ := count(rs); a+e != 24 || a < 20 {
			t.Errorf("concurrency %d: %d answered, %d errors of 24", n, a, e)
		}
	}
}

// Case 16: --rate holds within 10%, measured from the server's clock.
func TestRate(t *testing.T) {
	const rate, n = 50.0, 101
	rec, base := target(t, hostile.Problem())
	e := newEngine(t, base, Options{Concurrency: 8, Rate: rate}, httpclient.Options{})
	collect(context.Background(), e, probes(n, http.MethodGet))
	seen := rec.Requests()
	if len(seen) != n {
		t.Fatalf("%d requests, want %d", len(seen), n)
	}
	first, last := seen[0].At, seen[0].At
	for _, s := range seen {
		if s.At.Before(first) {
			first = s.At
		}
		if s.At.After(last) {
			last = s.At
		}
	}
	got := float64(n-1) / last.Sub(first).Seconds()
	if got > rate*1.1 || got < rate*0.9 {
		t.Errorf("measured %.1f requests/s over %s, want %.0f ±10%%", got, last.Sub(first), rate)
	}
	t.Logf("measured %.2f requests/s over %s", got, last.Sub(first))
}

// Case 17: --max-requests is never exceeded, retries included; the rest
// are skipped and the run reports why it stopped.
func TestMaxRequests(t *testing.T) {
	rec, base := target(t, flaky(0))
	e := newEngine(t, base, Options{Concurrency: 4, Limits: Limits{MaxRequests: 7, Retries: 2}}, httpclient.Options{})
	rs := collect(context.Background(), e, probes(30, http.MethodGet))
	if rec.Count() > 7 {
		t.Errorf("server saw %d requests, budget 7", rec.Count())
	}
	if !errors.Is(e.Err(), ErrBudget) {
		t.Errorf("Err = %v, want ErrBudget", e.Err())
	}
	if _, _, skipped, _ := count(rs); skipped < 30-7 || len(rs) != 30 {
		t.Errorf("%d results, %d skipped", len(rs), skipped)
	}
}

// Case 18: excluded methods are never sent, retries included.
func TestMethodsExcluded(t *testing.T) {
	rec, base := target(t, flaky(0))
	deny := func(m string) bool { return m != http.MethodDelete && m != http.MethodPost }
	e := newEngine(t, base, Options{Limits: Limits{AllowMethod: deny, Retries: 2}}, httpclient.Options{})
	rs := collect(context.Background(), e, probes(5, http.MethodGet, http.MethodPost, http.MethodDelete))
	for _, s := range rec.Requests() {
		if s.Method == http.MethodPost || s.Method == http.MethodDelete {
			t.Fatalf("server received %s %s", s.Method, s.URI)
		}
	}
	if _, _, skipped, _ := count(rs); skipped != 10 {
		t.Errorf("%d skipped, want 10", skipped)
	}
}

// Case 5: an unreachable target stops the run after MaxTransportErrors
// failures in a row; transport errors are never violations.
func TestUnreachable(t *testing.T) {
	rec, base := target(t, nil)
	dead := *base
	dead.Host = "127.0.0.1:1"
	e := newEngine(t, &dead, Options{Concurrency: 2, MaxTransportErrors: 4}, httpclient.Options{})
	rs := collect(context.Background(), e, probes(100, http.MethodGet))
	if !errors.Is(e.Err(), ErrUnreachable) {
		t.Fatalf("Err = %v", e.Err())
	}
	_, errored, skipped, violations := count(rs)
	if violations != 0 || errored > 4+1 || skipped < 100-5 {
		t.Errorf("errored %d, skipped %d, violations %d", errored, skipped, violations)
	}
	if int(e.sent.Load()) > 4+1 || rec.Count() != 0 {
		t.Errorf("%d requests attempted", int(e.sent.Load()))
	}
}

// Case 6: transport failures are retried only for idempotent methods and
// only as often as allowed.
func TestRetries(t *testing.T) {
	tests := []struct {
		method       string
		retries      int
		wantRequests int
		wantAnswered bool
	}{
		{http.MethodGet, 0, 1, false},
		{http.MethodGet, 1, 2, true},
		{http.MethodPut, 2, 2, true},
		{http.MethodPost, 3, 1, false},
		{http.MethodPatch, 3, 1, false},
	}
	for _, tt := range tests {
		rec, base := target(t, flaky(0))
		e := newEngine(t, base, Options{Concurrency: 1, Limits: Limits{Retries: tt.retries}}, httpclient.Options{})
		rs := collect(context.Background(), e, probes(1, tt.method))
		if rec.Count() != tt.wantRequests {
			t.Errorf("%s retries %d: %d requests, want %d", tt.method, tt.retries, rec.Count(), tt.wantRequests)
		}
		if answered := rs[0].Err == nil; answered != tt.wantAnswered {
			t.Errorf("%s retries %d: err %v", tt.method, tt.retries, rs[0].Err)
		}
		if rs[0].Err != nil && httpclient.Kind(rs[0].Err) != httpclient.KindReset {
			t.Errorf("kind %q (%v), want connection-reset", httpclient.Kind(rs[0].Err), rs[0].Err)
		}
	}
}

// Case 20 (engine side): after cancellation nothing more is sent; a request
// in flight may finish within the grace period; a stuck one is abandoned.
func TestCancelGrace(t *testing.T) {
	for _, tt := range []struct {
		name     string
		delay    time.Duration
		answered int
	}{{"finishes within grace", 200 * time.Millisecond, 1}, {"stuck", time.Hour, 0}} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			started := make(chan struct{}, 10)
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				started <- struct{}{}
				select {
				case <-time.After(tt.delay):
				case <-r.Context().Done():
				}
				hostile.Problem().ServeHTTP(w, r)
			})
			rec, base := target(t, h)
			e := newEngine(t, base, Options{Concurrency: 1, Limits: Limits{Grace: 500 * time.Millisecond}}, httpclient.Options{Timeout: time.Minute})
			go func() { <-started; cancel() }()
			start := time.Now()
			rs := collect(ctx, e, probes(10, http.MethodGet))
			if el := time.Since(start); el > 1500*time.Millisecond {
				t.Errorf("run took %s after cancel", el)
			}
			answered, _, skipped, _ := count(rs)
			if answered != tt.answered || skipped != 10-tt.answered || rec.Count() != 1 {
				t.Errorf("answered %d, skipped %d, requests %d", answered, skipped, rec.Count())
			}
		})
	}
}
