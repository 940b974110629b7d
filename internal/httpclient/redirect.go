package httpclient

import (
	"fmt"
	"net/http"
)

// redirectPolicy never follows by default: a 3xx is judged as the answer.
// With FollowRedirects it follows same-origin hops only (scheme, host and
// port equal, so never https→http and no credential reaches another
// host), at most MaxRedirects of them.
func redirectPolicy(opts Options) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if !opts.FollowRedirects {
			return http.ErrUseLastResponse
		}
		first := via[0].URL
		if req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
			return http.ErrUseLastResponse
		}
		if len(via) > opts.MaxRedirects {
			return &Error{Kind: KindRedirect, Err: fmt.Errorf("more than %d redirects", opts.MaxRedirects)}
		}
		return nil
	}
}
