package waitfor

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func noRedirects() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// freeAddr returns a loopback address nothing listens on yet.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestWaitsForLateServer: a server that starts listening after a delay is
// waited for; its 503 counts as an answer.
func TestWaitsForLateServer(t *testing.T) {
	t.Parallel()
	addr := freeAddr(t)
	var hits atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(srv.Close)
	go func() {
		time.Sleep(300 * time.Millisecond)
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Error(err)
			return
		}
		srv.Listener = ln
		srv.Start()
	}()
	var waited []string
	p := Poller{Client: noRedirects(), Interval: 20 * time.Millisecond, MaxInterval: 100 * time.Millisecond,
		Waiting: func(u string) { waited = append(waited, u) }}
	start := time.Now()
	if err := p.Until(context.Background(), 10*time.Second, "http://"+addr+"/"); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 250*time.Millisecond {
		t.Errorf("returned after %s, before the server started", took)
	}
	if hits.Load() != 1 || len(waited) != 1 {
		t.Errorf("hits %d, waiting messages %v; want 1 and one", hits.Load(), waited)
	}
}

// TestDeadline: a server that never answers ends in ErrTimeout naming the
// URL, the attempts and the last failure.
func TestDeadline(t *testing.T) {
	t.Parallel()
	url := "http://" + freeAddr(t) + "/"
	p := Poller{Client: noRedirects(), Interval: 20 * time.Millisecond, MaxInterval: 50 * time.Millisecond}
	err := p.Until(context.Background(), time.Second, url)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err %v, want ErrTimeout", err)
	}
	for _, want := range []string{url, "did not answer in time", "attempts; the last:", "refused"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

// TestEveryURL: each URL is waited for in turn (the description, then the
// target); a redirect is an answer, not followed.
func TestEveryURL(t *testing.T) {
	t.Parallel()
	redirect := httptest.NewServer(http.RedirectHandler("http://"+freeAddr(t)+"/", http.StatusFound))
	t.Cleanup(redirect.Close)
	down := "http://" + freeAddr(t) + "/openapi.yaml"
	p := Poller{Client: noRedirects(), Interval: 10 * time.Millisecond}
	if err := p.Until(context.Background(), 5*time.Second, redirect.URL); err != nil {
		t.Fatalf("a redirect did not count as an answer: %v", err)
	}
	err := p.Until(context.Background(), 200*time.Millisecond, redirect.URL, down)
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), down) {
		t.Fatalf("err %v, want ErrTimeout naming %s", err, down)
	}
}

// TestCancel: an interrupt while waiting returns the context's error, not
// a timeout.
func TestCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	err := Poller{Client: noRedirects()}.Until(ctx, time.Minute, "http://"+freeAddr(t)+"/")
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
}

// TestTLSServerAnswers: a TLS server whose certificate the client does not
// trust is up; waiting ends at once and the audit reports the TLS error.
func TestTLSServerAnswers(t *testing.T) {
	t.Parallel()
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	start := time.Now()
	if err := (Poller{Client: noRedirects()}).Until(context.Background(), 5*time.Second, srv.URL); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %s for a server that answers", took)
	}
}
