package httpclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/errprobe/errprobe/internal/hostile"
)

// Case 10: redirects are not followed by default; with FollowRedirects
// only same-origin hops, a hop limit, never https→http, and credentials
// never reach another host.
func TestRedirects(t *testing.T) {
	other := &hostile.Recorder{Next: hostile.Problem()}
	otherSrv := serve(t, other)
	plainOther := &hostile.Recorder{Next: hostile.Problem()}
	plainSrv := serve(t, plainOther)
	mux := http.NewServeMux()
	mux.Handle("/same", hostile.Redirect(http.StatusFound, "/final"))
	mux.Handle("/final", hostile.Problem())
	mux.Handle("/loop", hostile.Redirect(http.StatusTemporaryRedirect, "/loop"))
	mux.Handle("/away", hostile.Redirect(http.StatusTemporaryRedirect, otherSrv.URL+"/stolen"))
	origin := &hostile.Recorder{Next: mux}
	srv := serve(t, origin)
	tlsSrv := httptest.NewTLSServer(hostile.Redirect(http.StatusFound, plainSrv.URL+"/downgrade"))
	t.Cleanup(tlsSrv.Close)

	do := func(opts Options, u string) (*Response, error) {
		opts.Timeout = 5 * time.Second
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Authorization", "Bearer canary-token-123456")
		req.Header.Set("X-Api-Key", "canary-key-123456")
		return New(opts).Do(context.Background(), req)
	}
	follow := Options{FollowRedirects: true, MaxRedirects: 3}
	tests := []struct {
		name   string
		opts   Options
		url    string
		status int
		kind   string
	}{
		{"not followed by default", Options{}, srv.URL + "/same", 302, ""},
		{"same origin followed", follow, srv.URL + "/same", 404, ""},
		{"hop limit", follow, srv.URL + "/loop", 0, KindRedirect},
		{"other host not followed", follow, srv.URL + "/away", 307, ""},
		{"https to http not followed", Options{FollowRedirects: true, Insecure: true}, tlsSrv.URL, 302, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := do(tt.opts, tt.url)
			if tt.kind != "" {
				if Kind(err) != tt.kind {
					t.Fatalf("err = %v, want kind %s", err, tt.kind)
				}
				return
			}
			if err != nil || resp.Status != tt.status {
				t.Fatalf("err = %v, resp = %+v, want status %d", err, resp, tt.status)
			}
		})
	}
	if n := other.Count() + plainOther.Count(); n != 0 {
		t.Errorf("another host received %d requests", n)
	}
	loops := 0
	for _, s := range origin.Requests() {
		if s.URI == "/loop" {
			loops++
		}
	}
	if loops != 4 {
		t.Errorf("/loop requested %d times, want 1 + 3 hops", loops)
	}
}

// Case 13: --proxy sends every request through the proxy; its
// credentials are sent to the proxy only and never appear in errors.
func TestProxy(t *testing.T) {
	proxy := &hostile.Recorder{Next: hostile.Problem()}
	proxySrv := serve(t, proxy)
	pu, _ := url.Parse(proxySrv.URL)
	pu.User = url.UserPassword("puser", "proxy-canary-secret")
	resp, err := get(t, New(Options{Proxy: pu}), context.Background(), "http://target.invalid/x")
	if err != nil || resp.Status != 404 {
		t.Fatalf("err = %v, resp = %+v", err, resp)
	}
	seen := proxy.Requests()
	if len(seen) != 1 || seen[0].URI != "http://target.invalid/x" || seen[0].Header.Get("Proxy-Authorization") == "" {
		t.Fatalf("proxy saw %+v, want the absolute target URI with Proxy-Authorization", seen)
	}
	// A dead proxy: the error names it without its credentials.
	dead := *pu
	dead.Host = "127.0.0.1:1"
	_, err = get(t, New(Options{Proxy: &dead, Timeout: 2 * time.Second}), context.Background(), "http://target.invalid/x")
	if err == nil || strings.Contains(err.Error(), "proxy-canary-secret") || strings.Contains(err.Error(), "puser") {
		t.Fatalf("err = %v", err)
	}
	if Kind(err) != KindProxy {
		t.Errorf("kind %q (%v), want %s", Kind(err), err, KindProxy)
	}
}
