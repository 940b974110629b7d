package report

import (
	"net/http"
	"slices"
	"strings"

	"github.com/errprobe/errprobe/checks"
)

// curl writes a shell-safe command that repeats a probe. Credentials appear
// as environment variables, never as values. sentURL is the probe's URL as
// reports show it (redacted). The line is written in one buffer, without
// copying the headers into a map first.
func (b *Builder) curl(r checks.Result, sentURL string) string {
	req := r.Probe.Request
	hs := b.curlHeaders(r)
	var sb strings.Builder
	size := 64 + len(sentURL) + len(req.Body) + 32*len(b.Credentials[req.Identity])
	for _, h := range hs {
		for _, v := range h.values {
			size += 10 + len(h.name) + len(v)
		}
	}
	sb.Grow(size) // one allocation of about the line's size: each line is kept
	sb.WriteString("curl -g -sS -i -X ")
	writeQuoted(&sb, req.Method)
	sb.WriteString(" ")
	writeQuoted(&sb, sentURL)
	contentType := false
	for _, h := range hs {
		contentType = contentType || (h.name == "Content-Type" && len(h.values) > 0 && h.values[0] != "")
		for _, v := range h.values {
			sb.WriteString(" -H ")
			writeQuoted(&sb, b.Redactor.String(h.name+": "+v))
		}
	}
	writeBody(&sb, b.Credentials[req.Identity], req.Body != nil, contentType, b.Redactor.String(string(req.Body)))
	return sb.String()
}

// curlHeader is one header line set of a curl reproduction.
type curlHeader struct {
	name   string
	values []string
}

// curlHeaders lists the headers a curl line sends, sorted by name: the
// run's headers, the probe's (which win), the request ID, without the
// credential headers (sent from environment variables). It has the
// semantics of an http.Header built with Set and Del.
func (b *Builder) curlHeaders(r checks.Result) []curlHeader {
	req := r.Probe.Request
	hs := make([]curlHeader, 0, len(b.Headers)+len(req.Header)+1)
	for k, vs := range b.Headers {
		if _, over := req.Header[k]; !over {
			hs = append(hs, curlHeader{k, vs})
		}
	}
	for k, vs := range req.Header {
		hs = append(hs, curlHeader{k, vs})
	}
	set := func(name string, vs []string) {
		name = http.CanonicalHeaderKey(name)
		hs = slices.DeleteFunc(hs, func(h curlHeader) bool { return h.name == name })
		if vs != nil {
			hs = append(hs, curlHeader{name, vs})
		}
	}
	set(b.RequestIDHeader, []string{r.RequestID})
	for _, c := range b.Credentials[req.Identity] {
		set(c.Header, nil)
	}
	slices.SortFunc(hs, func(a, b curlHeader) int { return strings.Compare(a.name, b.name) })
	return hs
}

// writeQuoted writes s single-quoted for POSIX shells, NUL bytes dropped
// and each single quote closed, escaped and reopened, so nothing inside is
// expanded.
func writeQuoted(sb *strings.Builder, s string) {
	sb.WriteByte('\'')
	for s != "" {
		i := strings.IndexAny(s, "\x00'")
		if i < 0 {
			sb.WriteString(s)
			break
		}
		sb.WriteString(s[:i])
		if s[i] == '\'' {
			sb.WriteString(`'\''`)
		}
		s = s[i+1:]
	}
	sb.WriteByte('\'')
}
