package engine

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/errprobe/errprobe/checks"
)

// Request builds the HTTP request for a probe, with its credentials.
func (e *Engine) Request(ctx context.Context, p checks.Probe, requestID string) (*http.Request, error) {
	u := p.Request.URL(e.opts.Base)
	q := e.opts.CredentialQuery[p.Request.Identity]
	if name, ok := strings.CutPrefix(p.Request.Identity, checks.IdentityInQueryPrefix); ok {
		q = e.credentialInQuery(name)
	}
	if len(q) > 0 {
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
	// The value slices are shared, not copied: neither net/http nor
	// httpclient modifies a request's headers, and the plan never changes.
	for k, vs := range e.opts.Headers {
		req.Header[k] = vs
	}
	for k, vs := range p.Request.Header {
		req.Header[k] = vs
	}
	for k, vs := range e.opts.Credentials[p.Request.Identity] {
		req.Header[k] = vs
	}
	req.Header[e.opts.RequestIDHeader] = []string{requestID}
	return req, nil
}

// credentialInQuery moves the authorised identity's first credential header
// into a query parameter, without its scheme word, for probes that check
// an API refuses credentials sent the wrong way.
func (e *Engine) credentialInQuery(param string) url.Values {
	for name, vs := range e.opts.Credentials[checks.IdentityAuthorized] {
		if len(vs) == 0 {
			continue
		}
		v := vs[0]
		if strings.EqualFold(name, "Authorization") {
			if _, token, ok := strings.Cut(v, " "); ok {
				v = token
			}
		}
		return url.Values{param: {v}}
	}
	return nil
}
