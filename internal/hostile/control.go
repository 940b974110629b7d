package hostile

import (
	"net/http"
	"sync/atomic"
)

// Redirect answers every request with code and a Location of to.
func Redirect(code int, to string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", to)
		w.WriteHeader(code)
	})
}

// RateLimit answers the first n requests with status (429 or 503) and the
// Retry-After value, then passes requests to next.
func RateLimit(n int64, status int, retryAfter string, next http.Handler) http.Handler {
	var seen atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) <= n {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(status)
			w.Write([]byte(`{"title":"slow down","status":429}`))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Problem answers every request with a compliant 404 problem+json.
func Problem() http.Handler {
	return Body(http.StatusNotFound, "application/problem+json", []byte(`{"title":"Not Found","status":404,"detail":"no such thing"}`))
}
