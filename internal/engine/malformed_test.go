package engine

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/hostile"
	"github.com/errprobe/errprobe/internal/httpclient"
	"github.com/errprobe/errprobe/internal/openapi"
)

// An answer that is not usable HTTP is a malformed-response finding on its
// operation; the breaker skips the rest of it, and the run goes on to a
// well-behaved operation that sorts after it.
func TestMalformedAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		h      http.Handler
		follow bool
	}{
		{"100,000 early hints", hostile.EarlyHints(100_000), false},
		{"10 MB header line", hostile.HugeHeaderLine(10 << 20), false},
		{"1 MB WWW-Authenticate", hostile.HugeChallenge(1 << 20), false},
		{"invalid chunk size", hostile.BadChunk(), false},
		{"no status line", hostile.NoStatusLine(), false},
		{"same-origin redirect loop", hostile.RedirectLoop(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := tt.h
			_, base := target(t, routes{
				"/hostile": func(w http.ResponseWriter, r *http.Request, _ bool) { h.ServeHTTP(w, r) },
				"/z-good":  careful,
			})
			e := newEngine(t, base, Options{Concurrency: 2}, httpclient.Options{Timeout: 2 * time.Second, FollowRedirects: tt.follow})
			rs := collect(context.Background(), e, opProbes(5, "/hostile", "/z-good"))
			if e.Err() != nil {
				t.Fatalf("run stopped: %v", e.Err())
			}
			var malformed, broken int
			for _, r := range rs {
				switch {
				case checks.IsControl(r.Probe):
				case r.Probe.Op.Path == "/z-good":
					if r.Skipped || r.Err != nil || r.Response == nil || len(r.Violations) > 0 {
						t.Errorf("%s: skipped %v (%s), err %v, violations %v", r.Probe.ID, r.Skipped, r.Reason, r.Err, r.Violations)
					}
				case r.Skipped && strings.Contains(r.Reason, "breaker"):
					broken++
				case r.Err == nil && len(r.Violations) == 1 && r.Violations[0].Rule == checks.RuleMalformedResponse:
					malformed++
				default:
					t.Errorf("%s: skipped %v, err %v, violations %v", r.Probe.ID, r.Skipped, r.Err, r.Violations)
				}
			}
			// The control's malformed answer counts towards the breaker too.
			if malformed == 0 || malformed+broken != 5 || malformed > DefaultOperationBreaker {
				t.Errorf("%d malformed-response, %d breaker-skipped of 5", malformed, broken)
			}
		})
	}
}

// A request errprobe cannot build is that probe's error, never the
// target's failure: the run goes on.
func TestUnbuildableRequest(t *testing.T) {
	t.Parallel()
	rec, base := target(t, routes{"/ok": careful})
	bad := &openapi.Operation{Method: http.MethodGet, Path: "/bad\x01path"}
	var ps []checks.Probe
	for i := range 8 {
		ps = append(ps, checks.Probe{ID: "x:" + string(rune('a'+i)), CheckID: "x", Op: bad,
			Request: checks.Request{Method: http.MethodGet, Path: "/bad\x01path"}, Expect: checks.Expectation{Statuses: []int{400}}})
	}
	ps = append(ps, opProbes(2, "/ok")...)
	e := newEngine(t, base, Options{Concurrency: 2}, httpclient.Options{Timeout: time.Second})
	rs := collect(context.Background(), e, ps)
	if e.Err() != nil {
		t.Fatalf("run stopped: %v", e.Err())
	}
	for _, r := range rs {
		switch {
		case r.Probe.CheckID == "x":
			if r.Err == nil || !strings.Contains(r.Err.Error(), "could not test") || len(r.Violations) > 0 {
				t.Errorf("%s: err %v, violations %v", r.Probe.ID, r.Err, r.Violations)
			}
		case r.Err != nil || r.Skipped:
			t.Errorf("%s: err %v, skipped %v", r.Probe.ID, r.Err, r.Skipped)
		}
	}
	if rec.Count() != 3 {
		t.Errorf("%d requests reached the target, want the 3 of /ok", rec.Count())
	}
}

// An operation whose valid request opens a stream: its probes are judged
// on status, headers and first chunk without waiting for --timeout, and a
// stream that ignores a malformed body is a warning.
func TestStreamProbes(t *testing.T) {
	t.Parallel()
	stream := func(w http.ResponseWriter, r *http.Request, valid bool) {
		if r.URL.Query().Get("bad") != "" {
			careful(w, r, false)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte("event: created\ndata: {}\n\n"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}
	_, base := target(t, routes{"/watch": stream})
	ps := opProbes(3, "/watch")
	for i := range 3 {
		p := ps[1+i]
		p.ID += "-query"
		p.Request.Path += "?bad=1"
		ps = append(ps, p)
	}
	e := newEngine(t, base, Options{Concurrency: 1}, httpclient.Options{Timeout: 10 * time.Second, StreamIdle: 100 * time.Millisecond})
	start := time.Now()
	rs := collect(context.Background(), e, ps)
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("the run took %s: streams waited for the timeout", took)
	}
	for _, r := range rs {
		switch {
		case checks.IsControl(r.Probe):
			if r.Err != nil || r.Response == nil || !r.Response.Stream {
				t.Errorf("control: err %v, response %+v", r.Err, r.Response)
			}
		case strings.HasSuffix(r.Probe.ID, "-query"):
			if r.Err != nil || r.Response == nil || r.Response.Status != 400 || len(r.Violations) > 0 {
				t.Errorf("%s: err %v, violations %v", r.Probe.ID, r.Err, r.Violations)
			}
		default:
			if r.Err != nil || len(r.Violations) != 1 || r.Violations[0].Rule != checks.RuleNegativeAccepted || r.Violations[0].Severity != checks.SeverityWarning {
				t.Errorf("%s: err %v, violations %v; want negative-accepted as a warning", r.Probe.ID, r.Err, r.Violations)
			}
		}
	}
}
