package testapi

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// param is one declared parameter and the check its schema implies.
type param struct {
	name, in string
	// check returns what is wrong with a present value, or "".
	check func(v string) string
}

// params checks each parameter in turn and answers 400 for the first that
// is missing or invalid; it reports whether all were fine.
func (c *call) params(ps ...param) bool {
	for _, p := range ps {
		v, present := c.value(p)
		var msg string
		switch {
		case !present && c.mode == AcceptMissingParams:
			continue
		case !present:
			msg = "is required"
		default:
			msg = p.check(v)
		}
		if msg != "" {
			c.badParam(p, v, msg)
			return false
		}
	}
	return true
}

func (c *call) value(p param) (string, bool) {
	switch p.in {
	case "query":
		q := c.r.URL.Query()
		return q.Get(p.name), q.Has(p.name)
	case "header":
		vs := c.r.Header.Values(p.name)
		return strings.Join(vs, ","), len(vs) > 0
	case "cookie":
		ck, err := c.r.Cookie(p.name)
		if err != nil {
			return "", false
		}
		return ck.Value, true
	}
	return c.pathID(), true
}

// pathID is the {bookId} segment of /books/{bookId}.
func (c *call) pathID() string {
	return strings.TrimPrefix(strings.Trim(c.r.URL.Path, "/"), "books/")
}

func (c *call) badParam(p param, v, msg string) {
	detail := fmt.Sprintf("%s parameter %q %s", p.in, p.name, msg)
	if c.mode == SQLErrorLeak {
		// The handler passed the raw value to the database and returns its error.
		detail = fmt.Sprintf("query failed: ERROR: invalid input syntax for type integer: %q (SQLSTATE 22P02)", v)
	}
	c.fail(http.StatusBadRequest, "bad-parameter", detail)
}

func intIn(lo, hi int64) func(string) string {
	return func(s string) string {
		n, err := strconv.ParseInt(s, 10, 64)
		switch {
		case err != nil:
			return "must be an integer"
		case n < lo || n > hi:
			return fmt.Sprintf("must be between %d and %d", lo, hi)
		}
		return ""
	}
}

func oneOf(allowed ...string) func(string) string {
	return func(s string) string {
		if !slices.Contains(allowed, s) {
			return "must be one of " + strings.Join(allowed, ", ")
		}
		return ""
	}
}

func nonEmpty(s string) string {
	if s == "" {
		return "must not be empty"
	}
	return ""
}
