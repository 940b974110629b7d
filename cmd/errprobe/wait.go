package main

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/errprobe/errprobe/internal/waitfor"
)

const flagWait = "wait-for-target"

func waitFlag() cli.Flag {
	return &cli.DurationFlag{Name: flagWait, Usage: "wait up to this long (e.g. 60s) for the target, and a description given as a URL, to answer before starting; any HTTP answer counts"}
}

// waitForTarget polls the description (when it is a URL) and the target
// until they answer or --wait-for-target passes; the deadline ends the run
// with exit 3 and what the last attempt got.
func waitForTarget(c *cli.Context, spec, target string) error {
	d := c.Duration(flagWait)
	if d < 0 {
		return usagef("--%s %s: want a positive duration such as 60s", flagWait, d)
	}
	if d == 0 {
		return nil
	}
	var urls []string
	if u, err := url.Parse(spec); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		urls = append(urls, spec)
	}
	if _, err := parseTarget(target, "", ""); err != nil {
		return err
	}
	urls = append(urls, target)
	proxy := http.ProxyFromEnvironment
	if raw := c.String(flagProxy); raw != "" {
		u, err := url.Parse(raw)
		if err != nil {
			return usagef("--proxy: want an http:// or https:// URL with a host")
		}
		proxy = http.ProxyURL(u)
	}
	client := &http.Client{
		Timeout: 5 * time.Second,
		// Not for probing: the TLS check is left to the audit, which
		// reports it; a refused handshake already means "answering".
		Transport:     &http.Transport{Proxy: proxy, TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	start, waited := time.Now(), false
	p := waitfor.Poller{Client: client, Interval: 250 * time.Millisecond, MaxInterval: 2 * time.Second,
		Waiting: func(u string) {
			waited = true
			fmt.Fprintf(c.App.ErrWriter, "errprobe: waiting up to %s for %s to answer\n", d, redactURL(u))
		}}
	if err := p.Until(c.Context, d, urls...); err != nil {
		return fmt.Errorf("--%s: %w", flagWait, err)
	}
	if waited {
		fmt.Fprintf(c.App.ErrWriter, "errprobe: answered after %s\n", time.Since(start).Round(100*time.Millisecond))
	}
	return nil
}

// redactURL drops user:password from a URL before it is printed.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}
