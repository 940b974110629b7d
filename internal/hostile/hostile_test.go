package hostile

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

func TestRecorderPeak(t *testing.T) {
	rec := &Recorder{Next: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { time.Sleep(50 * time.Millisecond) })}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if resp, err := http.Get(srv.URL); err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	if rec.Count() != 3 || rec.Peak() != 3 {
		t.Errorf("count %d, peak %d; want 3, 3", rec.Count(), rec.Peak())
	}
}

// The double-gzip bomb really is gzip inside gzip and decodes to its size.
func TestBombDecodes(t *testing.T) {
	raw := compress(1<<20, []string{"gzip", "gzip"})
	var r io.Reader = bytes.NewReader(raw)
	for range 2 {
		z, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = z
	}
	n, err := io.Copy(io.Discard, r)
	if err != nil || n != 1<<20 {
		t.Fatalf("decoded %d bytes, err %v", n, err)
	}
	if len(raw) > 10<<10 {
		t.Errorf("compressed to %d bytes: not much of a bomb", len(raw))
	}
}

func TestRateLimitThenPass(t *testing.T) {
	srv := httptest.NewServer(RateLimit(2, 429, "1", Problem()))
	defer srv.Close()
	var got []int
	for range 3 {
		resp, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got = append(got, resp.StatusCode)
	}
	if got[0] != 429 || got[1] != 429 || got[2] != 404 {
		t.Errorf("statuses %v", got)
	}
}

// Mortal answers until the request that kills it; then every connection,
// that request's and new ones, fails.
func TestMortal(t *testing.T) {
	m := &Mortal{Next: Problem(), Die: func(r *http.Request) bool { return r.URL.Path == "/die" }}
	base, err := m.Listen()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	resp, err := http.Get(base + "/ok")
	if err != nil || resp.StatusCode != 404 {
		t.Fatalf("alive: %v", err)
	}
	resp.Body.Close()
	if _, err := http.Get(base + "/die"); err == nil || !m.Dead() {
		t.Fatalf("the killing request got an answer (%v), dead %v", err, m.Dead())
	}
	if _, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Get(base + "/ok"); err == nil {
		t.Fatal("a dead server answered")
	}
}
