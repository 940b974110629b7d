package engine

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/hostile"
	"github.com/errprobe/errprobe/internal/httpclient"
)

// mortal starts a server that answers routes until a request to path
// /dies with an invalid body arrives; then it dies.
func mortal(t *testing.T, rt routes) (*hostile.Mortal, *url.URL) {
	t.Helper()
	m := &hostile.Mortal{Next: rt, Die: func(r *http.Request) bool {
		if r.URL.Path != "/dies" {
			return false
		}
		body, _ := io.ReadAll(r.Body)
		return !strings.HasPrefix(string(body), "{")
	}}
	raw, err := m.Listen()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	u, _ := url.Parse(raw)
	return m, u
}

// A probe that takes the target down is a target-crashed finding on the
// probes in flight; the run stops, the rest is skipped with the reason.
func TestTargetCrashed(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 3} {
		m, base := mortal(t, routes{"/a": careful, "/dies": careful, "/z": careful})
		e := newEngine(t, base, Options{Concurrency: n}, httpclient.Options{Timeout: 2 * time.Second})
		ps := opProbes(4, "/a", "/dies", "/z")
		rs := collect(context.Background(), e, ps)
		if !m.Dead() {
			t.Fatalf("concurrency %d: the target never died", n)
		}
		if len(rs) != len(ps) {
			t.Fatalf("concurrency %d: %d results of %d probes", n, len(rs), len(ps))
		}
		err := e.Err()
		// With several in flight, any of them may be the one: all are named.
		if !errors.Is(err, ErrCrashed) || !strings.Contains(err.Error(), "malformed-json-syntax:POST /dies:") {
			t.Fatalf("concurrency %d: err %v, want ErrCrashed naming a /dies probe", n, err)
		}
		c := e.Crash()
		if c == nil || !slices.ContainsFunc(c.InFlight, func(id string) bool { return strings.Contains(id, "/dies") }) ||
			c.LastAnswered == "" || !strings.Contains(c.Check, "fresh requests") || (n == 1 && len(c.InFlight) != 1) {
			t.Fatalf("concurrency %d: crash %+v", n, c)
		}
		crashed := 0
		for _, r := range rs {
			switch {
			case len(r.Violations) == 1 && r.Violations[0].Rule == checks.RuleTargetCrashed:
				crashed++
				if !slices.Contains(c.InFlight, r.Probe.ID) || !strings.Contains(r.Violations[0].Message, c.LastAnswered) {
					t.Errorf("concurrency %d: %s: %v", n, r.Probe.ID, r.Violations)
				}
			case r.Err != nil:
				t.Errorf("concurrency %d: %s could not test: %v", n, r.Probe.ID, r.Err)
			case r.Probe.Op.Path == "/z" && !checks.IsControl(r.Probe):
				if !r.Skipped || !strings.Contains(r.Reason, "stopped answering") {
					t.Errorf("concurrency %d: %s: skipped %v, reason %q", n, r.Probe.ID, r.Skipped, r.Reason)
				}
			}
		}
		if crashed != len(c.InFlight) || crashed == 0 {
			t.Errorf("concurrency %d: %d target-crashed findings, %d in flight", n, crashed, len(c.InFlight))
		}
	}
}

// A target that never answered is unreachable, not crashed.
func TestNeverAnsweredIsNotACrash(t *testing.T) {
	t.Parallel()
	srv, base := target(t, hostile.Problem())
	_ = srv
	dead := *base
	dead.Host = "127.0.0.1:1"
	e := newEngine(t, &dead, Options{Concurrency: 2}, httpclient.Options{Timeout: time.Second})
	collect(context.Background(), e, opProbes(3, "/a", "/b"))
	if !errors.Is(e.Err(), ErrUnreachable) || e.Crash() != nil {
		t.Fatalf("err %v, crash %+v; want unreachable", e.Err(), e.Crash())
	}
}

// A no-response is sent again alone before it is a finding: an endpoint
// that stalls only while other requests are in flight is judged on the
// answer it gives alone; one that never answers is confirmed.
func TestNoResponseConfirmed(t *testing.T) {
	t.Parallel()
	busy := make(chan struct{}, 16)
	rt := routes{
		"/crowded": func(w http.ResponseWriter, r *http.Request, valid bool) {
			busy <- struct{}{}
			defer func() { <-busy }()
			if len(busy) > 1 {
				<-r.Context().Done() // stalls under load
				return
			}
			careful(w, r, valid)
		},
		"/hangs": func(w http.ResponseWriter, r *http.Request, valid bool) {
			if valid {
				careful(w, r, valid)
				return
			}
			<-r.Context().Done()
		},
		"/other": func(w http.ResponseWriter, r *http.Request, valid bool) {
			time.Sleep(50 * time.Millisecond)
			careful(w, r, valid)
		},
	}
	_, base := target(t, rt)
	e := newEngine(t, base, Options{Concurrency: 4}, httpclient.Options{Timeout: 300 * time.Millisecond})
	rs := collect(context.Background(), e, interleave(opProbes(3, "/crowded"), opProbes(3, "/other"), opProbes(2, "/hangs")))
	if e.Err() != nil {
		t.Fatalf("run stopped: %v", e.Err())
	}
	for _, r := range rs {
		if checks.IsControl(r.Probe) {
			continue
		}
		switch r.Probe.Op.Path {
		case "/hangs":
			if len(r.Violations) != 1 || r.Violations[0].Rule != checks.RuleNoResponse || !strings.Contains(r.Violations[0].Message, "confirmed") {
				t.Errorf("%s: %v, want a confirmed no-response", r.Probe.ID, r.Violations)
			}
		default:
			if r.Err != nil || r.Response == nil || len(r.Violations) > 0 {
				t.Errorf("%s: err %v, violations %v; want judged 400 without findings", r.Probe.ID, r.Err, r.Violations)
			}
		}
	}
}

// interleave merges probe lists one by one, so operations are in flight
// together.
func interleave(lists ...[]checks.Probe) []checks.Probe {
	var out []checks.Probe
	for i := 0; ; i++ {
		added := false
		for _, l := range lists {
			if i < len(l) {
				out = append(out, l[i])
				added = true
			}
		}
		if !added {
			return out
		}
	}
}

// A probe that gets no answer and takes the target down when sent again
// alone is the one in flight when it died.
func TestCrashOnSecondSending(t *testing.T) {
	t.Parallel()
	var seen atomic.Int64
	m := &hostile.Mortal{Die: func(r *http.Request) bool {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body)) // for Next
		return r.URL.Path == "/dies" && !strings.HasPrefix(string(body), "{") && seen.Add(1) == 2
	}}
	m.Next = routes{"/a": careful, "/dies": func(w http.ResponseWriter, r *http.Request, valid bool) {
		if !valid {
			panic(http.ErrAbortHandler) // the first sending: the connection drops, the server lives
		}
		careful(w, r, valid)
	}}
	raw, err := m.Listen()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	base, _ := url.Parse(raw)
	e := newEngine(t, base, Options{Concurrency: 1}, httpclient.Options{Timeout: 2 * time.Second})
	rs := byID(collect(context.Background(), e, opProbes(2, "/a", "/dies")))
	r := rs["malformed-json-syntax:POST /dies:0"]
	if !m.Dead() || !errors.Is(e.Err(), ErrCrashed) || len(r.Violations) != 1 || r.Violations[0].Rule != checks.RuleTargetCrashed {
		t.Fatalf("dead %v, err %v, result %+v", m.Dead(), e.Err(), r)
	}
	if c := rs["control:POST /dies"]; c.Err != nil || c.Response == nil {
		t.Errorf("control: err %v", c.Err)
	}
}
