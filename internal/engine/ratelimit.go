package engine

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/errprobe/errprobe/checks"
)

// defaultRetryAfter is the wait after a 429 without a usable Retry-After.
const defaultRetryAfter = time.Second

// rateLimited reports whether resp says "not now" rather than answering
// the probe, and how long to wait: a 429 (unless the operation documents
// 429, then it is judged like any answer), or a 503 with Retry-After for
// an idempotent method.
func rateLimited(p checks.Probe, resp *checks.Response, now time.Time) (time.Duration, bool) {
	if resp == nil {
		return 0, false
	}
	ra := strings.TrimSpace(resp.Header.Get("Retry-After"))
	switch {
	case resp.Status == http.StatusTooManyRequests:
		if p.Op != nil && p.Op.Response("429") != nil {
			return 0, false
		}
	case resp.Status == http.StatusServiceUnavailable && ra != "" && idempotent(p.Request.Method):
	default:
		return 0, false
	}
	if d, ok := RetryAfter(ra, now); ok {
		return d, true
	}
	return defaultRetryAfter, true
}

// RetryAfter parses a Retry-After value: delay-seconds or an HTTP-date
// (RFC 9110 §10.2.3). A date in the past is a zero wait.
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(24*time.Hour/time.Second) {
			n = int64(24 * time.Hour / time.Second) // avoid overflow; far above any cap
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}
