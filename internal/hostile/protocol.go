package hostile

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
)

// EarlyHints answers with n "103 Early Hints" responses before a 400,
// each a few dozen bytes: endless informational answers.
func EarlyHints(n int) http.Handler {
	return Raw(false, func(w *bufio.Writer) {
		for range n {
			if _, err := fmt.Fprint(w, "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"); err != nil {
				return
			}
		}
		fmt.Fprint(w, "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
	})
}

// HugeHeaderLine answers 400 with one header line of n bytes, written
// raw: net/http's server would refuse nothing, but a raw write makes the
// size exact.
func HugeHeaderLine(n int) http.Handler {
	return Raw(false, func(w *bufio.Writer) {
		fmt.Fprint(w, "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nX-Huge: ")
		chunk := strings.Repeat("h", 64<<10)
		for left := n; left > 0; left -= len(chunk) {
			if _, err := w.WriteString(chunk[:min(len(chunk), left)]); err != nil {
				return
			}
		}
		fmt.Fprint(w, "\r\nContent-Length: 2\r\n\r\n{}")
	})
}

// HugeChallenge answers 401 with a WWW-Authenticate header of n bytes.
func HugeChallenge(n int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+strings.Repeat("r", max(0, n-16))+`"`)
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"title":"Unauthorized","status":401}`))
	})
}

// BadChunk answers 400 with a chunked body whose first chunk size is not
// hexadecimal.
func BadChunk() http.Handler {
	return Raw(false, func(w *bufio.Writer) {
		fmt.Fprint(w, "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
	})
}

// NoStatusLine answers with headers and a body but no status line.
func NoStatusLine() http.Handler {
	return Raw(false, func(w *bufio.Writer) {
		fmt.Fprint(w, "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
	})
}

// RedirectLoop answers every request with a 302 to the path requested: a
// same-origin loop.
func RedirectLoop() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", r.URL.RequestURI())
		w.WriteHeader(http.StatusFound)
	})
}

// Mortal serves next until a request matches die; then it dies as a
// crashing process does: the listener is closed and every connection,
// that request's included, is dropped, so new connections are refused.
type Mortal struct {
	Next http.Handler
	Die  func(r *http.Request) bool

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]bool
	dead  bool
}

// Listen starts serving on a loopback port and returns the base URL.
func (m *Mortal) Listen() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	m.ln, m.conns = ln, map[net.Conn]bool{}
	srv := &http.Server{Handler: m, ConnState: m.track}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), nil
}

// Dead reports whether the server has died.
func (m *Mortal) Dead() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.dead
}

// Close kills the server if it is still alive.
func (m *Mortal) Close() { m.kill() }

func (m *Mortal) track(c net.Conn, st http.ConnState) {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case m.dead:
		c.Close()
	case st == http.StateNew:
		m.conns[c] = true
	case st == http.StateClosed, st == http.StateHijacked:
		delete(m.conns, c)
	}
}

// ServeHTTP passes r to Next, or dies.
func (m *Mortal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if m.Die(r) {
		m.kill()
		panic(http.ErrAbortHandler)
	}
	m.Next.ServeHTTP(w, r)
}

func (m *Mortal) kill() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.dead {
		return
	}
	m.dead = true
	m.ln.Close()
	for c := range m.conns {
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // a reset, as the kernel sends for a dead process
		}
		c.Close()
	}
}
