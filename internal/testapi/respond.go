package testapi

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
)

// style is an operation's documented error shape.
type style int

const (
	problemStyle style = iota // RFC 9457 application/problem+json
	simpleStyle               // {error, message, status} as application/json
)

// problemBase prefixes the type URI of every problem.
const problemBase = "https://library.example/problems/"

type problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
}

type simpleError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
	Status  int    `json:"status"`
}

// wrongShape is the error body of WrongSchema: none of the members the
// description requires.
type wrongShape struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// fail answers an error. code is a short machine-readable name, detail the
// human explanation. The mode decides how the answer goes wrong, if at all.
func (c *call) fail(status int, code, detail string) {
	if status == http.StatusUnauthorized && c.mode != No401Challenge {
		c.w.Header().Set("WWW-Authenticate", `Bearer realm="library"`)
	}
	if status == http.StatusUnauthorized || status == http.StatusForbidden {
		c.w.Header().Set("Cache-Control", "no-store") // an answer about credentials is no cache's business
	}
	switch c.mode {
	case HTMLErrors:
		c.write(status, "text/html; charset=utf-8", htmlPage(status, detail))
	case EmptyErrorBodies:
		c.w.WriteHeader(status)
	case InvalidJSONBody:
		c.write(status, "application/json", fmt.Appendf(nil, "{'error': '%s', 'status': %d}\n", code, status))
	default:
		ctype, v := c.errorBody(status, code, detail)
		c.writeJSON(status, ctype, v)
	}
}

// errorBody returns the JSON error for the operation's style.
func (c *call) errorBody(status int, code, detail string) (string, any) {
	member := status
	if c.mode == StatusMemberMismatch {
		member = http.StatusBadRequest // copied from the one case the handler's author tried
	}
	ctype := "application/problem+json"
	if c.style == simpleStyle {
		ctype = "application/json"
	}
	switch {
	case c.mode == WrongSchema:
		return ctype, wrongShape{Code: code, Reason: detail}
	case c.style == simpleStyle:
		return ctype, simpleError{Error: code, Message: detail, Status: member}
	}
	return ctype, problem{
		Type: problemBase + code, Title: http.StatusText(status), Status: member,
		Detail: detail, Instance: c.r.URL.Path,
	}
}

// ok answers success with a JSON body.
func (c *call) ok(status int, v any) { c.writeJSON(status, "application/json", v) }

func (c *call) writeJSON(status int, ctype string, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain structs are passed here
	}
	c.write(status, ctype, append(body, '\n'))
}

func (c *call) write(status int, ctype string, body []byte) {
	c.w.Header().Set("Content-Type", ctype)
	c.w.Header().Set("X-Content-Type-Options", "nosniff")
	c.w.WriteHeader(status)
	// A failed write means errprobe has gone; there is no one to tell.
	_, _ = c.w.Write(body)
}

func htmlPage(status int, detail string) []byte {
	text := html.EscapeString(http.StatusText(status))
	return fmt.Appendf(nil, "<!DOCTYPE html>\n<html><head><title>%d %s</title></head>\n<body><h1>%s</h1><p>%s</p></body></html>\n",
		status, text, text, html.EscapeString(detail))
}

// traceback is what StackTrace500OnBadJSON answers: a framework's debug
// output for an exception the handler did not catch.
const traceback = `Internal Server Error

Traceback (most recent call last):
  File "/srv/library/app/views.py", line 88, in create_book
    payload = json.loads(request.body)
  File "/usr/lib/python3.12/json/__init__.py", line 346, in loads
    return _default_decoder.decode(s)
json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)
`
