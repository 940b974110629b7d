// Package httpclient sends probe requests safely: per-request deadlines, no
// redirects, a cap on the bytes read, TLS verification on, proxies from the
// environment.
package httpclient

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// DefaultMaxBody is the default cap on response bytes read per probe.
const DefaultMaxBody = 1 << 20

// Options configure a Client.
type Options struct {
	// Timeout bounds one whole exchange, body included.
	Timeout time.Duration
	// MaxBody caps the bytes of a response body read (after decompression).
	MaxBody int64
	// MaxHeaderBytes caps the size of response headers.
	MaxHeaderBytes int64
	// Insecure turns TLS certificate verification off.
	Insecure bool
	// Connections is the number of idle connections kept per host.
	Connections int
}

// Response is a response with its body read up to the cap.
type Response struct {
	Status    int
	Header    http.Header
	Body      []byte
	Truncated bool
	Duration  time.Duration
}

// Client sends requests.
type Client struct {
	hc   *http.Client
	opts Options
}

// New returns a client.
func New(opts Options) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.MaxHeaderBytes <= 0 {
		opts.MaxHeaderBytes = 256 << 10
	}
	if opts.Connections <= 0 {
		opts.Connections = 4
	}
	tr := &http.Transport{
		Proxy:                  http.ProxyFromEnvironment,
		DialContext:            (&net.Dialer{Timeout: min(opts.Timeout, 10*time.Second), KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:    min(opts.Timeout, 10*time.Second),
		ResponseHeaderTimeout:  opts.Timeout,
		MaxResponseHeaderBytes: opts.MaxHeaderBytes,
		MaxIdleConns:           opts.Connections * 2,
		MaxIdleConnsPerHost:    opts.Connections,
		IdleConnTimeout:        30 * time.Second,
		ForceAttemptHTTP2:      true,
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: opts.Insecure}, //nolint:gosec // only with --insecure
	}
	return &Client{
		opts: opts,
		hc: &http.Client{
			Transport: tr,
			// A redirect is judged as the answer; following it could carry
			// credentials to another host.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

// ErrTimeout marks an exchange that did not finish within the timeout.
var ErrTimeout = errors.New("timed out")

// Do sends req and reads the response body up to the cap. The connection is
// closed rather than drained when the body is longer than the cap.
func (c *Client) Do(ctx context.Context, req *http.Request) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	start := time.Now()
	resp, err := c.hc.Do(req.WithContext(ctx))
	if err != nil {
		return nil, classify(ctx, err, c.opts.Timeout)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBody+1))
	out := &Response{Status: resp.StatusCode, Header: resp.Header, Duration: time.Since(start)}
	if int64(len(body)) > c.opts.MaxBody {
		body, out.Truncated = body[:c.opts.MaxBody], true
	}
	out.Body = body
	if err != nil {
		return out, fmt.Errorf("reading the response body: %w", classify(ctx, err, c.opts.Timeout))
	}
	return out, nil
}

func classify(ctx context.Context, err error, timeout time.Duration) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w after %s", ErrTimeout, timeout)
	}
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) {
		if inner := ue.Unwrap(); inner != nil {
			return inner
		}
	}
	return err
}

// CloseIdle closes idle connections.
func (c *Client) CloseIdle() { c.hc.CloseIdleConnections() }
