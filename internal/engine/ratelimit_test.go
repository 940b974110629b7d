package engine

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/errprobe/errprobe/internal/hostile"
	"github.com/errprobe/errprobe/internal/httpclient"
	"github.com/errprobe/errprobe/internal/openapi"
)

func TestRetryAfterParse(t *testing.T) {
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{"99999999999999", 24 * time.Hour, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{"", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
	}
	for _, tt := range tests {
		got, ok := RetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("RetryAfter(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// Case 11: 429 and 503 with Retry-After are honoured up to the cap and
// retried; beyond that the run stops, rate limited; a 429 is never a
// violation unless the operation documents it.
func TestRateLimited(t *testing.T) {
	date := func() string { return time.Now().Add(1500 * time.Millisecond).UTC().Format(http.TimeFormat) }
	tests := []struct {
		name     string
		h        http.Handler
		limits   Limits
		wantErr  error
		minWait  time.Duration
		requests int
	}{
		{"429 seconds honoured", hostile.RateLimit(1, 429, "1", hostile.Problem()), Limits{}, nil, time.Second, 3},
		{"503 date honoured", hostile.RateLimit(1, 503, date(), hostile.Problem()), Limits{}, nil, 0, 3},
		{"429 without Retry-After", hostile.RateLimit(2, 429, "", hostile.Problem()), Limits{}, nil, 2 * time.Second, 4},
		{"wait above the cap stops", hostile.RateLimit(1000, 429, "120", hostile.Problem()), Limits{MaxRetryAfter: 5 * time.Second}, ErrRateLimited, 0, 1},
		{"still limited stops", hostile.RateLimit(1000, 429, "0", hostile.Problem()), Limits{RateLimitRetries: 2}, ErrRateLimited, 0, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, base := target(t, tt.h)
			e := newEngine(t, base, Options{Concurrency: 1, Limits: tt.limits}, httpclient.Options{})
			start := time.Now()
			rs := collect(context.Background(), e, probes(2, http.MethodGet))
			if !errors.Is(e.Err(), tt.wantErr) || (tt.wantErr == nil && e.Err() != nil) {
				t.Fatalf("Err = %v, want %v", e.Err(), tt.wantErr)
			}
			if el := time.Since(start); el < tt.minWait {
				t.Errorf("finished after %s, Retry-After asked for %s", el, tt.minWait)
			}
			if rec.Count() != tt.requests {
				t.Errorf("%d requests, want %d", rec.Count(), tt.requests)
			}
			_, _, _, violations := count(rs)
			if violations != 0 {
				t.Errorf("%d violations: a 429 is not a contract violation", violations)
			}
			if tt.wantErr != nil && (rs[0].Err == nil && rs[1].Err == nil) {
				t.Error("the rate-limited probe has no error")
			}
		})
	}
	t.Run("documented 429 is judged", func(t *testing.T) {
		rec, base := target(t, hostile.RateLimit(1000, 429, "1", hostile.Problem()))
		e := newEngine(t, base, Options{Concurrency: 1}, httpclient.Options{})
		ps := probes(1, http.MethodGet)
		ps[0].Op.Responses = []*openapi.Response{{Status: "429"}}
		rs := collect(context.Background(), e, ps)
		if rec.Count() != 1 || rs[0].Err != nil || rs[0].Response.Status != 429 {
			t.Fatalf("requests %d, result %+v", rec.Count(), rs[0])
		}
	})
}

// Case 12 (engine side): a TLS failure stops the run after one request.
func TestTLSFailureStops(t *testing.T) {
	srv := httptest.NewTLSServer(hostile.Problem())
	t.Cleanup(srv.Close)
	base, _ := url.Parse(srv.URL)
	e := newEngine(t, base, Options{Concurrency: 1}, httpclient.Options{})
	rs := collect(context.Background(), e, probes(20, http.MethodGet))
	if !errors.Is(e.Err(), ErrUnreachable) || httpclient.Kind(e.Err()) != "" && int(e.sent.Load()) != 1 {
		t.Fatalf("Err = %v after %d requests", e.Err(), int(e.sent.Load()))
	}
	if _, _, skipped, _ := count(rs); skipped != 19 {
		t.Errorf("%d skipped, want 19", skipped)
	}
}
