// Package waitfor waits until HTTP servers answer, so that an audit of an
// API that is still starting does not fail with "unreachable". Any HTTP
// answer counts, a 404 or a 503 included: the server is listening and the
// audit can judge it. So does a TLS handshake the client refuses (an
// unknown certificate authority, a client certificate required): the
// server is up, and the audit reports the TLS problem in its own words.
package waitfor

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// ErrTimeout marks servers that did not answer before the deadline.
var ErrTimeout = errors.New("did not answer in time")

// Poller asks each URL in turn until it answers.
type Poller struct {
	// Client sends the probes; it must not follow redirects (a redirect
	// is an answer). Its Timeout is capped by the time left.
	Client *http.Client
	// Interval is the first pause between attempts; it doubles up to
	// MaxInterval.
	Interval, MaxInterval time.Duration
	// Waiting, when set, is told once per URL that errprobe is waiting.
	Waiting func(url string)
}

// Until waits for every URL in order, all within timeout. It returns an
// error wrapping ErrTimeout that names the URL, the attempts made and the
// last failure, or the context's error when ctx ends first.
func (p Poller) Until(ctx context.Context, timeout time.Duration, urls ...string) error {
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, ErrTimeout)
	defer cancel()
	start := time.Now()
	for _, u := range urls {
		if err := p.one(ctx, u); err != nil {
			if errors.Is(context.Cause(ctx), ErrTimeout) {
				return fmt.Errorf("%s %w: waited %s, %w", u, ErrTimeout, time.Since(start).Round(100*time.Millisecond), err)
			}
			return err
		}
	}
	return nil
}

// one polls a single URL; its error says what the last attempt got.
func (p Poller) one(ctx context.Context, url string) error {
	interval := max(p.Interval, 10*time.Millisecond)
	attempts := 0
	var last error
	for {
		attempts++
		err := p.ask(ctx, url)
		if err == nil {
			return nil
		}
		// An attempt the deadline cut short says less than the one
		// before it (connection refused, say): keep that one.
		if last == nil || ctx.Err() == nil {
			last = err
		}
		if attempts == 1 && p.Waiting != nil {
			p.Waiting(url)
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			if errors.Is(context.Cause(ctx), ErrTimeout) {
				return fmt.Errorf("%d attempts; the last: %v", attempts, last)
			}
			return ctx.Err()
		case <-t.C:
		}
		interval = min(interval*2, max(p.MaxInterval, interval))
	}
}

// ask sends one GET; any response is an answer.
func (p Poller) ask(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", "errprobe (waiting for the target)")
	resp, err := p.Client.Do(req)
	if err != nil {
		if tlsAnswer(err) {
			return nil
		}
		return unwrapURL(err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	return resp.Body.Close()
}

// unwrapURL drops the "Get \"url\": " prefix the URL is already named by.
func unwrapURL(err error) error {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) {
		if inner := ue.Unwrap(); inner != nil {
			return inner
		}
	}
	return err
}

// tlsAnswer reports an error that only a listening TLS server produces.
func tlsAnswer(err error) bool {
	var (
		verify *tls.CertificateVerificationError
		alert  tls.AlertError
		record tls.RecordHeaderError
		ca     x509.UnknownAuthorityError
		host   x509.HostnameError
		cert   x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &alert) || errors.As(err, &record) ||
		errors.As(err, &ca) || errors.As(err, &host) || errors.As(err, &cert)
}
