package report

import (
	"net/http"
	"strings"

	"github.com/errprobe/errprobe/checks"
)

// curl writes a shell-safe command that repeats a probe. Credentials appear
// as environment variables, never as values.
func (b *Builder) curl(r checks.Result) string {
	req := r.Probe.Request
	h := http.Header{}
	for k, vs := range b.Headers {
		h[k] = vs
	}
	for k, vs := range req.Header {
		h[k] = vs
	}
	h.Set(b.RequestIDHeader, r.RequestID)
	for _, c := range b.Credentials[req.Identity] {
		h.Del(c.Header) // sent from its environment variable below
	}
	var sb strings.Builder
	sb.WriteString("curl -g -sS -i -X ")
	sb.WriteString(shellQuote(req.Method))
	sb.WriteString(" ")
	sb.WriteString(shellQuote(b.Redactor.String(b.sentURL(req))))
	for _, k := range sortedKeys(h) {
		for _, v := range h[k] {
			sb.WriteString(" -H ")
			sb.WriteString(shellQuote(b.Redactor.String(k + ": " + v)))
		}
	}
	for _, c := range b.Credentials[req.Identity] {
		sb.WriteString(` -H "$` + c.EnvVar + `"`)
	}
	if req.Body != nil && h.Get("Content-Type") == "" {
		// curl would label --data-binary as a form; the probe sent none.
		sb.WriteString(" -H 'Content-Type:'")
	}
	if req.Body != nil {
		sb.WriteString(" --data-binary ")
		sb.WriteString(shellQuote(b.Redactor.String(string(req.Body))))
	}
	return sb.String()
}

// shellQuote single-quotes s for POSIX shells; nothing inside is expanded.
func shellQuote(s string) string {
	s = strings.ReplaceAll(s, "\x00", "")
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
