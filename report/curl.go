package report

import (
	"net/http"
	"slices"
	"strings"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/redact"
)

// curl writes a shell-safe command that repeats a probe, from the probe
// itself. sentURL is the probe's URL as reports show it (redacted).
func (b *Builder) curl(r checks.Result, sentURL string) string {
	req := r.Probe.Request
	return writeCurl(b.Redactor, req.Method, sentURL, b.curlHeaders(r), b.Credentials[req.Identity], req.Body != nil, string(req.Body))
}

// writeCurl writes a curl line: method, URL, the headers in the order given,
// the identity's credentials as environment variables (never as values),
// then the body. Everything but the variables is single-quoted and masked
// (whole credentials only: it is the request errprobe built).
func writeCurl(red *redact.Redactor, method, url string, hs []curlHeader, creds []Credential, hasBody bool, body string) string {
	size := 64 + len(url) + len(body) + 32*len(creds)
	for _, h := range hs {
		for _, v := range h.values {
			size += 10 + len(h.name) + len(v)
		}
	}
	var sb strings.Builder
	sb.Grow(size) // one allocation of about the line's size
	sb.WriteString("curl -g -sS -i -X ")
	writeQuoted(&sb, method)
	sb.WriteString(" ")
	writeQuoted(&sb, url)
	contentType := false
	for _, h := range hs {
		contentType = contentType || (h.name == "Content-Type" && len(h.values) > 0 && h.values[0] != "")
		for _, v := range h.values {
			sb.WriteString(" -H ")
			writeQuoted(&sb, red.Exact(h.name+": "+v))
		}
	}
	for _, c := range creds {
		sb.WriteString(` -H "$` + c.EnvVar + `"`)
	}
	if hasBody && !contentType {
		// curl would label --data-binary as a form; the probe sent none.
		sb.WriteString(" -H 'Content-Type:'")
	}
	if hasBody {
		sb.WriteString(" --data-binary ")
		writeQuoted(&sb, red.Exact(body))
	}
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
