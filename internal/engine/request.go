package engine

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/errprobe/errprobe/checks"
)

// Request builds the HTTP request for a probe, with its credentials.
func (e *Engine) Request(ctx context.Context, p checks.Probe, requestID string) (*http.Request, error) {
	u := p.Request.URL(e.opts.Base)
	if q := e.opts.CredentialQuery[p.Request.Identity]; len(q) > 0 {
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		u += sep + q.Encode()
	}
	var body *bytes.Reader
	if p.Request.Body != nil {
		body = bytes.NewReader(p.Request.Body)
	}
	var req *http.Request
	var err error
	if body != nil {
		req, err = http.NewRequestWithContext(ctx, p.Request.Method, u, body)
	} else {
		req, err = http.NewRequestWithContext(ctx, p.Request.Method, u, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("building the request: %w", err)
	}
	for k, vs := range e.opts.Headers {
		req.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range p.Request.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range e.opts.Credentials[p.Request.Identity] {
		req.Header[k] = append([]string(nil), vs...)
	}
	req.Header.Set(e.opts.RequestIDHeader, requestID)
	return req, nil
}
