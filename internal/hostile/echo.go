package hostile

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
)

// Echo answers every request with a 400 problem+json whose body repeats
// each request header and the raw query string, and whose response headers
// repeat them too (X-Echo-<Name>, X-Echo-Query), along with each cookie,
// query value and Basic password decoded: the worst case for a scanner
// that carries credentials.
func Echo() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		names := make([]string, 0, len(r.Header))
		for k := range r.Header {
			names = append(names, k)
		}
		sort.Strings(names)
		var lines []string
		for _, k := range names {
			v := strings.Join(r.Header[k], ", ")
			lines = append(lines, k+": "+v)
			w.Header().Set("X-Echo-"+k, v)
		}
		// Servers also echo parsed values: each cookie and each query
		// value on its own, decoded.
		for _, c := range r.Cookies() {
			lines = append(lines, "cookie "+c.Name+" is "+c.Value)
		}
		q := r.URL.Query()
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			lines = append(lines, "query "+k+" is "+strings.Join(q[k], ", "))
		}
		if user, pw, ok := r.BasicAuth(); ok {
			lines = append(lines, "basic user "+user+" password "+pw)
		}
		w.Header().Set("X-Echo-Query", r.URL.RawQuery)
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{
			"title": "Bad Request", "status": 400,
			"detail":  "you sent " + r.Method + " " + r.URL.String(),
			"headers": lines, "query": r.URL.RawQuery,
		})
	})
}
