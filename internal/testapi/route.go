package testapi

import (
	"net/http"
	"strings"
)

// call is one request being answered.
type call struct {
	w    http.ResponseWriter
	r    *http.Request
	body []byte
	mode Mode
	// style is the error shape of the operation; routing errors use problems.
	style style
}

// handler answers one operation.
type handler func(c *call)

// endpoint is one path template of the description.
type endpoint struct {
	// match reports whether the path's segments fall under the template.
	match func(segs []string) bool
	// allow is the Allow header of a 405: the methods the description declares.
	allow string
	ops   map[string]handler
}

// endpoints mirror testdata/openapi.yaml.
var endpoints = []endpoint{
	{
		match: func(s []string) bool { return len(s) == 1 && s[0] == "books" },
		allow: "GET, POST",
		ops:   map[string]handler{http.MethodGet: listBooks, http.MethodPost: createBook},
	},
	{
		match: func(s []string) bool { return len(s) == 2 && s[0] == "books" && s[1] != "" },
		allow: "GET, DELETE",
		ops:   map[string]handler{http.MethodGet: getBook, http.MethodDelete: deleteBook},
	},
	{
		match: func(s []string) bool { return len(s) == 1 && s[0] == "health" },
		allow: "GET",
		ops:   map[string]handler{http.MethodGet: health},
	},
}

// route dispatches c to its operation, answering 404 for paths the
// description does not declare and 405 for methods a path does not.
func route(c *call) {
	segs := strings.Split(strings.Trim(c.r.URL.Path, "/"), "/")
	for _, e := range endpoints {
		if !e.match(segs) {
			continue
		}
		h, ok := e.ops[c.r.Method]
		if !ok {
			if c.mode != No405Allow {
				c.w.Header().Set("Allow", e.allow)
			}
			c.fail(http.StatusMethodNotAllowed, "method-not-allowed", c.r.Method+" is not supported here; use "+e.allow)
			return
		}
		h(c)
		return
	}
	c.fail(http.StatusNotFound, "not-found", "there is no such resource")
}

// authorize checks the bearer token before anything else about the
// request. Readers may read; admin operations need the admin token. It
// answers the failure itself and reports whether the request may proceed.
func (c *call) authorize(admin bool) bool {
	if c.mode == IgnoreAuth {
		return true
	}
	h := c.r.Header.Get("Authorization")
	scheme, token, _ := strings.Cut(h, " ")
	valid := strings.EqualFold(scheme, "Bearer") && (token == AdminToken || token == ReaderToken)
	switch {
	case !valid && c.mode == WrongStatus:
		c.fail(http.StatusForbidden, "forbidden", "a valid bearer token is required")
	case !valid:
		c.fail(http.StatusUnauthorized, "unauthorized", "a valid bearer token is required")
	case admin && token != AdminToken:
		detail := "this operation needs an administrator token"
		if c.mode == EchoCredentials {
			detail += "; you sent Authorization: " + h
			c.w.Header().Set("X-Debug-Authorization", h)
		}
		c.fail(http.StatusForbidden, "forbidden", detail)
	default:
		return true
	}
	return false
}
