// Package httpclient sends probe requests safely: per-request deadlines and
// an idle-read deadline, no redirects unless asked (and then same origin
// only), a cap on the bytes read after decompression, TLS verification on,
// proxies from the flag or the environment. Errors are classified (Kind).
package httpclient

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"
)

// Defaults.
const (
	DefaultMaxBody        = 1 << 20
	DefaultMaxHeaderBytes = 256 << 10
	DefaultTimeout        = 10 * time.Second
	DefaultMaxRedirects   = 5
	DefaultStreamIdle     = 500 * time.Millisecond
)

// Options configure a Client.
type Options struct {
	// Timeout bounds one whole exchange, body included.
	Timeout time.Duration
	// IdleTimeout bounds the wait for the response headers and for each
	// further read of the body; 0 means Timeout.
	IdleTimeout time.Duration
	// MaxBody caps the bytes of a response body read (after decompression).
	MaxBody int64
	// MaxHeaderBytes caps the size of response headers.
	MaxHeaderBytes int64
	// Insecure turns TLS certificate verification off.
	Insecure bool
	// TLS, when set, is the base TLS configuration (CA pool, client
	// certificate); see TLSConfig. MinVersion is raised to TLS 1.2.
	TLS *tls.Config
	// Proxy, when set, is used for every request instead of
	// HTTP_PROXY/HTTPS_PROXY/NO_PROXY.
	Proxy *url.URL
	// FollowRedirects follows 3xx answers to the same origin, at most
	// MaxRedirects hops; otherwise the 3xx is the response.
	FollowRedirects bool
	MaxRedirects    int
	// StreamIdle bounds the wait for more of a body that streams (a
	// text/event-stream, NDJSON or other stream media type, a 2xx of
	// unknown length, or any answer of DoStream): once it passes, the
	// body so far is the answer, marked Stream, not a failure. 0 means
	// DefaultStreamIdle, never more than IdleTimeout.
	StreamIdle time.Duration
	// Connections is the number of idle connections kept per host.
	Connections int
	// dial replaces the dialer in tests.
	dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// Response is a response with its body read up to the cap.
type Response struct {
	Status    int
	Header    http.Header
	Body      []byte
	Truncated bool
	// Stream is set when the body was still open after StreamIdle: the
	// answer is its status, headers and first chunk (Truncated too).
	Stream   bool
	Duration time.Duration
}

// Client sends requests.
type Client struct {
	hc       *http.Client
	fresh    *http.Client // a new connection for every request
	opts     Options
	deadline error // the cause of a timeout, built once
}

// New returns a client.
func New(opts Options) *Client {
	opts = defaults(opts)
	dial := opts.dial
	if dial == nil {
		dial = (&net.Dialer{Timeout: min(opts.Timeout, 10*time.Second), KeepAlive: 30 * time.Second}).DialContext
	}
	proxy := http.ProxyFromEnvironment
	if opts.Proxy != nil {
		proxy = http.ProxyURL(opts.Proxy)
	}
	tr := &http.Transport{
		Proxy:                  proxy,
		DialContext:            dial,
		TLSHandshakeTimeout:    min(opts.Timeout, 10*time.Second),
		ResponseHeaderTimeout:  opts.IdleTimeout,
		MaxResponseHeaderBytes: opts.MaxHeaderBytes,
		MaxIdleConns:           opts.Connections * 2,
		MaxIdleConnsPerHost:    opts.Connections,
		IdleConnTimeout:        30 * time.Second,
		ForceAttemptHTTP2:      true,
		// errprobe decodes gzip and deflate itself so the body cap counts
		// decoded bytes; it never asks for compression, like curl.
		DisableCompression: true,
		TLSClientConfig:    tlsConfig(opts),
	}
	fresh := tr.Clone()
	fresh.DisableKeepAlives = true
	return &Client{
		opts:     opts,
		deadline: fmt.Errorf("%w (%s)", errDeadline, opts.Timeout),
		hc:       &http.Client{Transport: tr, CheckRedirect: redirectPolicy(opts)},
		fresh:    &http.Client{Transport: fresh, CheckRedirect: redirectPolicy(opts)},
	}
}

func defaults(opts Options) Options {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.IdleTimeout <= 0 || opts.IdleTimeout > opts.Timeout {
		opts.IdleTimeout = opts.Timeout
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.MaxHeaderBytes <= 0 {
		opts.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if opts.Connections <= 0 {
		opts.Connections = 4
	}
	if opts.StreamIdle <= 0 {
		opts.StreamIdle = DefaultStreamIdle
	}
	opts.StreamIdle = min(opts.StreamIdle, opts.IdleTimeout)
	if opts.MaxRedirects <= 0 {
		opts.MaxRedirects = DefaultMaxRedirects
	}
	return opts
}

func tlsConfig(opts Options) *tls.Config {
	c := &tls.Config{}
	if opts.TLS != nil {
		c = opts.TLS.Clone()
	}
	c.MinVersion = max(c.MinVersion, tls.VersionTLS12)
	if opts.Insecure {
		c.InsecureSkipVerify = true //nolint:gosec // only with --insecure, recorded in the report
	}
	return c
}

// Do sends req and reads the response body up to the cap. The connection is
// closed rather than drained when the body is longer than the cap. Errors
// are *Error; a response read only in part comes back with the error.
func (c *Client) Do(ctx context.Context, req *http.Request) (*Response, error) {
	return c.do(ctx, req, c.hc, false)
}

// DoStream is Do for an operation known to stream (its valid request got
// a body that stayed open): the response headers and each read get
// StreamIdle instead of IdleTimeout, and a body still open after it is the
// answer (Stream), so a probe of a watch or a feed never waits the whole
// Timeout.
func (c *Client) DoStream(ctx context.Context, req *http.Request) (*Response, error) {
	return c.do(ctx, req, c.hc, true)
}

// DoFresh is Do on a new connection, closed afterwards: whether the target
// still accepts connections, not whether a pooled one survived.
func (c *Client) DoFresh(ctx context.Context, req *http.Request) (*Response, error) {
	return c.do(ctx, req, c.fresh, false)
}

func (c *Client) do(ctx context.Context, req *http.Request, hc *http.Client, streaming bool) (*Response, error) {
	// One cancellable context per exchange, cancelled with a cause by the
	// whole-exchange timer, the idle timer (readBody) or the caller; a
	// timeout context on top would register a second child with the run's
	// context, which every request shares.
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	deadline := time.AfterFunc(c.opts.Timeout, func() { cancel(c.deadline) })
	defer deadline.Stop()
	start := time.Now()
	var headers *time.Timer
	if streaming {
		headers = time.AfterFunc(c.opts.StreamIdle, func() { cancel(errIdle) })
	}
	resp, err := hc.Do(req.WithContext(ctx))
	if headers != nil {
		headers.Stop()
	}
	if err != nil {
		return nil, classify(ctx, err)
	}
	// Closing without draining drops the connection, which is what we
	// want for a body past the cap or a server that stalls.
	defer resp.Body.Close()
	out := &Response{Status: resp.StatusCode, Header: resp.Header}
	out.Body, out.Truncated, out.Stream, err = c.readBody(ctx, cancel, resp, streaming || streams(resp))
	out.Duration = time.Since(start)
	if err != nil {
		e := classify(ctx, err).(*Error)
		e.Err = fmt.Errorf("reading the response body: %w", e.Err)
		return out, e
	}
	return out, nil
}

// CloseIdle closes idle connections.
func (c *Client) CloseIdle() { c.hc.CloseIdleConnections() }
