package httpclient

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/errprobe/errprobe/internal/hostile"
)

// countingDial counts the bytes read from every connection the client
// opens, so tests measure what crossed the wire.
func countingDial(n *atomic.Int64) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &countConn{Conn: c, n: n}, nil
	}
}

type countConn struct {
	net.Conn
	n *atomic.Int64
}

func (c *countConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.n.Add(int64(n))
	return n, err
}

func get(t *testing.T, c *Client, ctx context.Context, url string) (*Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.Do(ctx, req)
}

func serve(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func totalAlloc() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// waitDone fails the test unless the server handler ended, i.e. the client
// closed the connection instead of draining it.
func waitDone(t *testing.T, st *hostile.Stats) {
	t.Helper()
	select {
	case <-st.Done:
	case <-time.After(10 * time.Second):
		t.Fatalf("the server is still writing (%d bytes): the connection was not closed", st.Written.Load())
	}
}

const capBytes = 1 << 20

// Case 1: an endless chunked body is read up to the cap, then the
// connection is closed; bytes on the wire and allocations stay bounded.
func TestEndlessBody(t *testing.T) {
	st := hostile.NewStats()
	srv := serve(t, hostile.Endless(st))
	var wire atomic.Int64
	c := New(Options{MaxBody: capBytes, Timeout: 20 * time.Second, dial: countingDial(&wire)})
	before := totalAlloc()
	resp, err := get(t, c, context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	allocated := totalAlloc() - before
	if !resp.Truncated || len(resp.Body) != capBytes {
		t.Errorf("truncated=%v body=%d, want the cap %d", resp.Truncated, len(resp.Body), capBytes)
	}
	waitDone(t, st)
	const slack = 128 << 10
	if got := wire.Load(); got > capBytes+slack {
		t.Errorf("read %d bytes from the connection, want at most cap+%d", got, slack)
	}
	if allocated > 6*capBytes {
		t.Errorf("allocated %d bytes for a %d-byte cap", allocated, capBytes)
	}
	t.Logf("wire bytes %d, allocated %d, server wrote %d before noticing", wire.Load(), allocated, st.Written.Load())
}

// Case 2: a Content-Length that lies.
func TestLyingContentLength(t *testing.T) {
	t.Run("too large and stalled", func(t *testing.T) {
		srv := serve(t, hostile.Lying(1<<40, `{"e":`, 5*time.Second))
		c := New(Options{Timeout: 10 * time.Second, IdleTimeout: 300 * time.Millisecond})
		before := totalAlloc()
		start := time.Now()
		resp, err := get(t, c, context.Background(), srv.URL)
		if Kind(err) != KindTimeout {
			t.Fatalf("err = %v, want a timeout", err)
		}
		if el := time.Since(start); el > 2*time.Second {
			t.Errorf("the idle deadline fired after %s", el)
		}
		if a := totalAlloc() - before; a > 4<<20 {
			t.Errorf("allocated %d bytes: sized from Content-Length?", a)
		}
		if resp == nil || string(resp.Body) != `{"e":` {
			t.Errorf("partial body not kept: %+v", resp)
		}
	})
	t.Run("too small", func(t *testing.T) {
		srv := serve(t, hostile.Lying(5, `{"error":"longer than declared"}`, 0))
		resp, err := get(t, New(Options{Timeout: 5 * time.Second}), context.Background(), srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		if string(resp.Body) != `{"err` {
			t.Errorf("body %q, want the declared 5 bytes", resp.Body)
		}
	})
}

// bombSize is what a bomb decodes to: 32 times the cap is enough to show
// the cap holds, and cheap to compress under the race detector.
const bombSize = 32 << 20

// Case 3: compression bombs; the cap counts decoded bytes.
func TestCompressionBombs(t *testing.T) {
	for _, encs := range [][]string{{"gzip"}, {"deflate"}, {"deflate-raw"}, {"gzip", "gzip"}, {"deflate", "gzip"}} {
		t.Run(strings.Join(encs, "+"), func(t *testing.T) {
			st := hostile.NewStats()
			srv := serve(t, hostile.Bomb(st, bombSize, encs...))
			var wire atomic.Int64
			c := New(Options{MaxBody: capBytes, Timeout: 20 * time.Second, dial: countingDial(&wire)})
			before := totalAlloc()
			resp, err := get(t, c, context.Background(), srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			if !resp.Truncated || len(resp.Body) != capBytes || strings.Trim(string(resp.Body), " ") != "" {
				t.Errorf("truncated=%v len=%d: want %d decoded bytes", resp.Truncated, len(resp.Body), capBytes)
			}
			if a := totalAlloc() - before; a > 6*capBytes {
				t.Errorf("allocated %d bytes", a)
			}
			if wire.Load() > capBytes {
				t.Errorf("read %d compressed bytes for %d decoded", wire.Load(), capBytes)
			}
			waitDone(t, st)
		})
	}
	t.Run("small gzip decoded", func(t *testing.T) {
		st := hostile.NewStats()
		srv := serve(t, hostile.Bomb(st, 100, "gzip"))
		resp, err := get(t, New(Options{}), context.Background(), srv.URL)
		if err != nil || resp.Truncated || len(resp.Body) < 100 || strings.TrimSpace(string(resp.Body)) != "" {
			t.Fatalf("err=%v resp=%+v", err, resp)
		}
	})
	t.Run("corrupt gzip kept as sent", func(t *testing.T) {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.WriteHeader(400)
			w.Write([]byte("not gzip at all"))
		})
		resp, err := get(t, New(Options{}), context.Background(), serve(t, h).URL)
		if err != nil || resp.Status != 400 {
			t.Fatalf("err=%v resp=%+v; a corrupt body is the API's fault, judged, not an error", err, resp)
		}
	})
}

// Case 4: trickle and silence.
func TestSlowServers(t *testing.T) {
	t.Run("trickle hits the whole deadline", func(t *testing.T) {
		srv := serve(t, hostile.Trickle(100*time.Millisecond))
		start := time.Now()
		_, err := get(t, New(Options{Timeout: time.Second}), context.Background(), srv.URL)
		if Kind(err) != KindTimeout || time.Since(start) > 3*time.Second {
			t.Fatalf("err = %v after %s, want a timeout after about 1s", err, time.Since(start))
		}
	})
	t.Run("silent hits the header timeout", func(t *testing.T) {
		srv := serve(t, hostile.Silent())
		start := time.Now()
		_, err := get(t, New(Options{Timeout: 10 * time.Second, IdleTimeout: 300 * time.Millisecond}), context.Background(), srv.URL)
		if Kind(err) != KindTimeout || time.Since(start) > 2*time.Second {
			t.Fatalf("err = %v after %s, want a timeout after about 300ms", err, time.Since(start))
		}
	})
	t.Run("cancel while waiting returns at once", func(t *testing.T) {
		srv := serve(t, hostile.Silent())
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		_, err := get(t, New(Options{Timeout: time.Minute}), ctx, srv.URL)
		if Kind(err) != KindCanceled || time.Since(start) > time.Second {
			t.Fatalf("err = %v after %s, want canceled within 1s", err, time.Since(start))
		}
	})
}

// Case 6 (classification) and 7 (huge headers).
func TestClassified(t *testing.T) {
	tests := []struct {
		name string
		h    http.Handler
		kind string
	}{
		{"reset mid-body", hostile.ResetMidBody(), KindReset},
		{"eof after headers", hostile.EOFAfterHeaders(), KindEOF},
		{"huge header", hostile.HugeHeader(1 << 20), KindHeaderTooBig},
		{"10 MB header line", hostile.HugeHeaderLine(10 << 20), KindHeaderTooBig},
		{"1 MB WWW-Authenticate", hostile.HugeChallenge(1 << 20), KindHeaderTooBig},
		{"100,000 early hints", hostile.EarlyHints(100_000), KindHeaderTooBig},
		{"invalid chunk size", hostile.BadChunk(), KindMalformed},
		{"no status line", hostile.NoStatusLine(), KindMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := get(t, New(Options{Timeout: 5 * time.Second, MaxHeaderBytes: 64 << 10}), context.Background(), serve(t, tt.h).URL)
			if got := Kind(err); got != tt.kind {
				t.Fatalf("kind %q (%v), want %q", got, err, tt.kind)
			}
			if !strings.HasPrefix(err.Error(), tt.kind+": ") {
				t.Errorf("message %q does not start with its kind", err)
			}
			if tt.kind != KindReset && tt.kind != KindEOF && !Malformed(err) {
				t.Errorf("%v is not malformed", err)
			}
		})
	}
	t.Run("refused", func(t *testing.T) {
		srv := httptest.NewServer(hostile.Problem())
		url := srv.URL
		srv.Close()
		_, err := get(t, New(Options{}), context.Background(), url)
		if Kind(err) != KindRefused || !Retryable(err) {
			t.Fatalf("err = %v, want refused and retryable", err)
		}
	})
	var e *Error
	if errors.As(errors.New("x"), &e) {
		t.Fatal("plain errors are not *Error")
	}
}
