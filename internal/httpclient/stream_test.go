package httpclient

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// A body that stays open is read as a stream: status, headers and first
// chunk, within StreamIdle, never the whole Timeout; a finished body of a
// stream media type is read whole.
func TestStreams(t *testing.T) {
	t.Parallel()
	open := func(ct string, status int) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ct)
			w.WriteHeader(status)
			w.Write([]byte(`{"created":true}` + "\n"))
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		})
	}
	headersOnly := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	tests := []struct {
		name   string
		h      http.Handler
		stream bool // DoStream
		want   string
	}{
		{"server-sent events", open("text/event-stream", 200), false, `{"created":true}` + "\n"},
		{"NDJSON error stream", open("application/x-ndjson", 400), false, `{"created":true}` + "\n"},
		{"chunked 200", open("application/json", 200), false, `{"created":true}` + "\n"},
		{"4xx of a streaming operation", open("application/json", 400), true, `{"created":true}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := New(Options{Timeout: 10 * time.Second, StreamIdle: 100 * time.Millisecond})
			req, _ := http.NewRequest(http.MethodGet, serve(t, tt.h).URL, nil)
			do := c.Do
			if tt.stream {
				do = c.DoStream
			}
			start := time.Now()
			resp, err := do(context.Background(), req)
			if err != nil || !resp.Stream || !resp.Truncated || string(resp.Body) != tt.want {
				t.Fatalf("err %v, response %+v", err, resp)
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %s", took)
			}
		})
	}
	t.Run("no headers on a streaming operation", func(t *testing.T) {
		t.Parallel()
		c := New(Options{Timeout: 10 * time.Second, StreamIdle: 100 * time.Millisecond})
		req, _ := http.NewRequest(http.MethodGet, serve(t, headersOnly).URL, nil)
		start := time.Now()
		_, err := c.DoStream(context.Background(), req)
		if Kind(err) != KindTimeout || time.Since(start) > 2*time.Second {
			t.Fatalf("err %v after %s, want a timeout after StreamIdle", err, time.Since(start))
		}
	})
	t.Run("a 4xx that stalls is no stream", func(t *testing.T) {
		t.Parallel()
		c := New(Options{Timeout: 10 * time.Second, IdleTimeout: 300 * time.Millisecond, StreamIdle: 100 * time.Millisecond})
		req, _ := http.NewRequest(http.MethodGet, serve(t, open("application/json", 400)).URL, nil)
		resp, err := c.Do(context.Background(), req)
		if Kind(err) != KindTimeout || resp == nil || resp.Stream {
			t.Fatalf("err %v, response %+v; want a timeout", err, resp)
		}
	})
}
