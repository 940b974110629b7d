package engine

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/hostile"
	"github.com/errprobe/errprobe/internal/httpclient"
	"github.com/errprobe/errprobe/internal/openapi"
)

// target starts a recorded test server around h.
func target(t *testing.T, h http.Handler) (*hostile.Recorder, *url.URL) {
	t.Helper()
	rec := &hostile.Recorder{Next: h}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	return rec, u
}

func judge(t *testing.T) Judge {
	t.Helper()
	j, err := checks.NewJudge(checks.SchemaAuto, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// probes returns n probes per method, each to its own path.
func probes(n int, methods ...string) []checks.Probe {
	var out []checks.Probe
	for _, m := range methods {
		for i := range n {
			path := fmt.Sprintf("/p%d", i)
			op := &openapi.Operation{Method: m, Path: path}
			out = append(out, checks.Probe{
				ID: fmt.Sprintf("test:%s %s", m, path), CheckID: "test", Op: op,
				Request: checks.Request{Method: m, Path: path}, Expect: checks.Expectation{Statuses: []int{404}},
			})
		}
	}
	return out
}

func newEngine(t *testing.T, base *url.URL, opts Options, copts httpclient.Options) *Engine {
	t.Helper()
	opts.Base = base
	if copts.Timeout == 0 {
		copts.Timeout = 5 * time.Second
	}
	if opts.Backoff == 0 {
		opts.Backoff = 10 * time.Millisecond
	}
	return New(httpclient.New(copts), judge(t), opts)
}

func collect(ctx context.Context, e *Engine, ps []checks.Probe) []checks.Result {
	var out []checks.Result
	for r := range e.Run(ctx, ps) {
		out = append(out, r)
	}
	return out
}

// count returns results by kind: sent (with a response), errored, skipped.
func count(rs []checks.Result) (answered, errored, skipped, violations int) {
	for _, r := range rs {
		switch {
		case r.Skipped:
			skipped++
		case r.Err != nil:
			errored++
		default:
			answered++
		}
		violations += len(r.Violations)
	}
	return
}
