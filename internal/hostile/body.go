package hostile

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// Stats tells a test what a streaming handler did.
type Stats struct {
	// Written counts body bytes the handler wrote (before compression).
	Written atomic.Int64
	// Done is closed when the handler returns: the client went away.
	Done chan struct{}
}

// NewStats returns Stats ready for one request.
func NewStats() *Stats { return &Stats{Done: make(chan struct{})} }

// Endless answers 400 with a chunked JSON-looking body that never ends;
// it returns only when a write fails, that is when the client has closed
// the connection.
func Endless(st *Stats) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(st.Done)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		stream(w, st, -1)
	})
}

// stream writes blocks of spaces until limit bytes (or forever for -1) or
// a write error.
func stream(w io.Writer, st *Stats, limit int64) {
	block := []byte(strings.Repeat(" ", 32<<10))
	for limit < 0 || st.Written.Load() < limit {
		n, err := w.Write(block)
		st.Written.Add(int64(n))
		if err != nil {
			return
		}
	}
}

// Bomb answers 400 with size bytes of spaces compressed with encodings in
// order ("gzip", "deflate", "deflate-raw"; "gzip", "gzip" for double
// gzip), chunked, without a Content-Length. The payload is compressed once,
// when Bomb is called; st.Written counts compressed bytes sent.
func Bomb(st *Stats, size int64, encodings ...string) http.Handler {
	payload := compress(size, encodings)
	var names []string
	for _, e := range encodings {
		names = append(names, strings.TrimSuffix(e, "-raw"))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(st.Done)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", strings.Join(names, ", "))
		w.WriteHeader(http.StatusBadRequest)
		for rest := payload; len(rest) > 0; {
			n, err := w.Write(rest[:min(len(rest), 32<<10)])
			st.Written.Add(int64(n))
			if err != nil {
				return
			}
			w.(http.Flusher).Flush()
			rest = rest[n:]
		}
	})
}

// compress encodes size spaces with each encoding in turn.
func compress(size int64, encodings []string) []byte {
	var buf bytes.Buffer
	var out io.Writer = &buf
	var closers []io.Closer
	// The first encoding listed is applied first, so it is the innermost
	// writer: the one created last.
	for i := len(encodings) - 1; i >= 0; i-- {
		var zw io.WriteCloser
		switch encodings[i] {
		case "gzip":
			zw, _ = gzip.NewWriterLevel(out, gzip.BestSpeed)
		case "deflate":
			zw, _ = zlib.NewWriterLevel(out, zlib.BestSpeed)
		case "deflate-raw":
			zw, _ = flate.NewWriter(out, flate.BestSpeed)
		default:
			panic("hostile: unknown encoding " + encodings[i])
		}
		closers = append(closers, zw)
		out = zw
	}
	block := bytes.Repeat([]byte(" "), 64<<10)
	for left := size; left > 0; left -= int64(len(block)) {
		out.Write(block[:min(int64(len(block)), left)])
	}
	for i := len(closers) - 1; i >= 0; i-- {
		closers[i].Close()
	}
	return buf.Bytes()
}

// Trickle answers 400 and then sends one byte every interval, forever.
func Trickle(interval time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		for {
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(interval):
			}
		}
	})
}

// Silent accepts the request and never answers until the client leaves.
func Silent() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
}

// Raw hijacks the connection and writes exactly what write writes, then
// closes it (with a TCP reset when reset is set).
func Raw(reset bool, write func(w *bufio.Writer)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, rw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		write(rw.Writer)
		rw.Flush()
		if tc, ok := conn.(*net.TCPConn); ok && reset {
			_ = tc.SetLinger(0) // close sends RST
		}
		afterRequest(r, func() { conn.Close() })
	})
}

// Lying declares a Content-Length of declared bytes and sends body; when
// stall is set it then keeps the connection open without sending more.
func Lying(declared int64, body string, stall time.Duration) http.Handler {
	return Raw(false, func(w *bufio.Writer) {
		fmt.Fprintf(w, "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", declared, body)
		w.Flush()
		time.Sleep(stall)
	})
}

// ResetMidBody sends headers and part of the body, then resets.
func ResetMidBody() http.Handler {
	return Raw(true, func(w *bufio.Writer) {
		fmt.Fprint(w, "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"error\":")
	})
}

// EOFAfterHeaders sends the headers of a 100-byte body and closes.
func EOFAfterHeaders() http.Handler {
	return Raw(false, func(w *bufio.Writer) {
		fmt.Fprint(w, "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
	})
}

// HugeHeader answers with one header of n bytes.
func HugeHeader(n int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Huge", strings.Repeat("h", n))
		w.WriteHeader(http.StatusBadRequest)
	})
}

// Body answers status with the given content type and body.
func Body(status int, contentType string, body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(status)
		w.Write(body)
	})
}
