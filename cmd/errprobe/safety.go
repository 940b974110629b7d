package main

import (
	"context"
	"crypto/tls"
	"errors"
	"net/url"
	"os"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/audit"
	"github.com/errprobe/errprobe/internal/engine"
	"github.com/errprobe/errprobe/internal/httpclient"
)

// Flags that bound what a run does to the target and how it trusts it.
const (
	flagRetries, flagMaxRetryAfter, flagMaxRequests = "retries", "max-retry-after", "max-requests"
	flagMaxFailures, flagMaxRepairs                 = "max-failures", "max-repairs"
	flagMethods, flagDenyMethods, flagIdleTimeout   = "methods", "deny-methods", "idle-timeout"
	flagFollow, flagMaxRedirects, flagProxy         = "follow-redirects", "max-redirects", "proxy"
	flagCACert, flagClientCert, flagClientKey       = "ca-cert", "client-cert", "client-key"
)

// safetyFlags control retries, budgets, methods, redirects, proxies and TLS.
func safetyFlags() []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: flagRetries, Usage: "send a GET, HEAD, OPTIONS, PUT or DELETE probe again this many times after a reset, EOF or timeout"},
		&cli.DurationFlag{Name: flagMaxRetryAfter, Value: engine.DefaultMaxRetryAfter, Usage: "longest Retry-After wait honoured after a 429 or 503; a longer one stops the run"},
		&cli.IntFlag{Name: flagMaxRequests, Usage: "send at most this many requests, retries included (0: no limit); the rest are skipped"},
		&cli.IntFlag{Name: flagMaxFailures, Usage: "stop once this many distinct causes fail (0: no limit); the reports cover what was sent, the rest is skipped, exit 1"},
		&cli.IntFlag{Name: flagMaxRepairs, Value: checks.DefaultMaxRepairs, Usage: "other valid requests tried, guided by the answers, for an operation whose valid request the target rejects with 400, 409 or 422 (0: none)"},
		&cli.StringSliceFlag{Name: flagMethods, Usage: "send only these HTTP methods (comma-separated, repeatable)"},
		&cli.StringSliceFlag{Name: flagDenyMethods, Usage: "never send these HTTP methods (comma-separated, repeatable)"},
		&cli.DurationFlag{Name: flagIdleTimeout, Usage: "deadline for the response headers and for each read of the body (default: --timeout)"},
		&cli.BoolFlag{Name: flagFollow, Usage: "follow redirects to the same origin (scheme, host and port); other redirects are judged as the answer"},
		&cli.IntFlag{Name: flagMaxRedirects, Value: httpclient.DefaultMaxRedirects, Usage: "redirect hops followed at most with --follow-redirects"},
		&cli.StringFlag{Name: flagProxy, Usage: "HTTP(S) proxy URL for every probe (default: HTTP_PROXY, HTTPS_PROXY, NO_PROXY)"},
		&cli.StringFlag{Name: flagCACert, Usage: "PEM file of CA certificates trusted besides the system's"},
		&cli.StringFlag{Name: flagClientCert, Usage: "PEM client certificate for servers that require one (with --client-key)"},
		&cli.StringFlag{Name: flagClientKey, Usage: "PEM private key of --client-cert"},
	}
}

// applySafety fills the client options and limits of an audit from flags.
// Only cmd reads files: the PEM files are read here.
func applySafety(c *cli.Context, cfg *audit.Config) error {
	l := &cfg.Limits
	l.Retries, l.MaxRetryAfter, l.MaxRequests = c.Int(flagRetries), c.Duration(flagMaxRetryAfter), c.Int(flagMaxRequests)
	if c.Int(flagMaxFailures) < 0 || c.Int(flagMaxRepairs) < 0 {
		return usagef("--max-failures and --max-repairs must not be negative")
	}
	cfg.MaxRepairs = c.Int(flagMaxRepairs)
	if l.Retries < 0 || l.Retries > 10 || l.MaxRequests < 0 || l.MaxRetryAfter < 0 {
		return usagef("--retries (0 to 10), --max-requests and --max-retry-after must not be negative")
	}
	allow, err := methodFilter(splitList(c.StringSlice(flagMethods)), splitList(c.StringSlice(flagDenyMethods)))
	if err != nil {
		return err
	}
	l.AllowMethod = allow
	h := &cfg.HTTP
	h.IdleTimeout, h.FollowRedirects, h.MaxRedirects = c.Duration(flagIdleTimeout), c.Bool(flagFollow), c.Int(flagMaxRedirects)
	if raw := c.String(flagProxy); raw != "" {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			// The value may hold credentials: it is not echoed.
			return usagef("--proxy: want an http:// or https:// URL with a host")
		}
		h.Proxy = u
	}
	h.TLS, err = tlsFiles(c.String(flagCACert), c.String(flagClientCert), c.String(flagClientKey))
	return err
}

// methodFilter returns nil when no list is given.
func methodFilter(only, deny []string) (func(string) bool, error) {
	if len(only)+len(deny) == 0 {
		return nil, nil
	}
	set := func(list []string) (map[string]bool, error) {
		m := map[string]bool{}
		for _, x := range list {
			x = strings.ToUpper(x)
			if !validHeaderName(x) {
				return nil, usagef("--methods/--deny-methods: %q is not an HTTP method", x)
			}
			m[x] = true
		}
		return m, nil
	}
	allowed, err := set(only)
	if err != nil {
		return nil, err
	}
	denied, err := set(deny)
	if err != nil {
		return nil, err
	}
	return func(m string) bool {
		m = strings.ToUpper(m)
		return !denied[m] && (len(allowed) == 0 || allowed[m])
	}, nil
}

func tlsFiles(ca, cert, key string) (*tls.Config, error) {
	if ca == "" && cert == "" && key == "" {
		return nil, nil
	}
	read := func(flag, path string) ([]byte, error) {
		if path == "" {
			return nil, nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, usagef("--%s: %v", flag, err)
		}
		return b, nil
	}
	caPEM, err := read(flagCACert, ca)
	if err != nil {
		return nil, err
	}
	certPEM, err := read(flagClientCert, cert)
	if err != nil {
		return nil, err
	}
	keyPEM, err := read(flagClientKey, key)
	if err != nil {
		return nil, err
	}
	t, err := httpclient.TLSConfig(caPEM, certPEM, keyPEM)
	if err != nil {
		return nil, usagef("--%s/--%s/--%s: %v", flagCACert, flagClientCert, flagClientKey, err)
	}
	return t, nil
}

// signalCause is the cancel cause main records for the signal received.
type signalCause struct{ sig os.Signal }

func (s signalCause) Error() string { return "interrupted by " + s.sig.String() }
func (s signalCause) Unwrap() error { return context.Canceled }

// interruptCode is 128 + the signal number: 130 for SIGINT, 143 for SIGTERM.
func interruptCode(ctx context.Context) int {
	var s signalCause
	if errors.As(context.Cause(ctx), &s) && s.sig == syscall.SIGTERM {
		return 128 + int(syscall.SIGTERM)
	}
	return exitInterrupted
}
