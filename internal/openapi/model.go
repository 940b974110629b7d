// Package openapi loads OpenAPI 3.0/3.1 and Swagger 2.0 descriptions into the
// small model errprobe needs to generate probes and judge responses. It hides
// the parser library from the rest of the program.
package openapi

import "strings"

// Spec is a loaded API description.
type Spec struct {
	// Source is the file or URL the description was read from (credentials removed).
	Source string
	// Version is the description's own version field: "2.0", "3.0.3", "3.1.0", ...
	Version string
	Title   string
	// BasePath is the path prefix of the first server ("/api/v3"), or "".
	BasePath string
	// Operations are sorted by path, then by method.
	Operations []*Operation
	// Paths lists every path template with the methods it declares.
	Paths []*Path
	// SecuritySchemes by name.
	SecuritySchemes map[string]*SecurityScheme
	// Warnings are problems that did not stop loading (e.g. an invalid example).
	Warnings []string
}

// Path is one path template and the methods the description declares for it.
type Path struct {
	Template string
	Methods  []string // upper case, in MethodOrder
}

// Operation is one method on one path.
type Operation struct {
	Method      string // upper case
	Path        string // templated, e.g. /users/{id}
	OperationID string
	Summary     string
	Tags        []string
	// Line is the line of the operation in the description file (0 if unknown).
	Line       int
	Parameters []*Parameter
	Body       *RequestBody
	Responses  []*Response // sorted by status key
	// Security lists alternative requirements; each alternative needs all of
	// its schemes. An empty alternative means credentials are optional.
	Security [][]*SecurityScheme
}

// Key is the operation's stable display key, "GET /users/{id}".
func (o *Operation) Key() string { return o.Method + " " + o.Path }

// Secured reports whether every alternative needs at least one credential.
func (o *Operation) Secured() bool {
	if len(o.Security) == 0 {
		return false
	}
	for _, alt := range o.Security {
		if len(alt) == 0 {
			return false
		}
	}
	return true
}

// Response returns the documented response for an exact status key such as
// "400", "4XX" or "default", or nil.
func (o *Operation) Response(key string) *Response {
	for _, r := range o.Responses {
		if strings.EqualFold(r.Status, key) {
			return r
		}
	}
	return nil
}

// ResponseFor returns the response documented for status: the exact code,
// else its range ("4XX"), else "default"; nil when none applies.
func (o *Operation) ResponseFor(status int) *Response {
	code := itoa(status)
	if r := o.Response(code); r != nil {
		return r
	}
	if r := o.Response(code[:1] + "XX"); r != nil {
		return r
	}
	return o.Response("default")
}

// DocumentedStatuses returns the explicit status codes the operation documents.
func (o *Operation) DocumentedStatuses() []int {
	var out []int
	for _, r := range o.Responses {
		if n, ok := atoi(r.Status); ok {
			out = append(out, n)
		}
	}
	return out
}

// Parameter is a path, query, header or cookie parameter.
type Parameter struct {
	Name     string
	In       string // path, query, header, cookie
	Required bool
	Schema   *Schema
	// Example is the first example the description gives, or nil.
	Example any
}

// RequestBody is the JSON (or first) request body of an operation.
type RequestBody struct {
	Required bool
	// ContentTypes are all declared media types, sorted.
	ContentTypes []string
	// ContentType is the media type probes send: the JSON one when declared.
	ContentType string
	Schema      *Schema
	Example     any
	// Others are the description's other examples of the body (the named
	// examples after the first, by name), which errprobe tries when the
	// target rejects its valid request.
	Others []any
}

// JSON reports whether the body's chosen media type is JSON.
func (b *RequestBody) JSON() bool { return IsJSONMediaType(b.ContentType) }

// Response is one documented response.
type Response struct {
	Status      string // "400", "4XX", "default"
	Description string
	MediaTypes  []string
	// Schema is the schema of the first JSON media type, or nil.
	Schema *Schema
	// Links are the response's OpenAPI 3 links whose operation the
	// description has, sorted by name (see links.go).
	Links []*Link
}

// SecurityScheme is a declared security scheme.
type SecurityScheme struct {
	Name   string // key in components
	Type   string // http, apiKey, oauth2, openIdConnect, mutualTLS
	Scheme string // for http: bearer, basic, ...
	In     string // for apiKey: header, query, cookie
	Param  string // for apiKey: the header/query/cookie name
}

// MethodOrder is the order operations are listed in for one path.
var MethodOrder = []string{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}

// IsJSONMediaType reports whether a media type is JSON: application/json or
// any structured-syntax +json type such as application/problem+json.
func IsJSONMediaType(mt string) bool {
	mt = strings.ToLower(strings.TrimSpace(mt))
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = strings.TrimSpace(mt[:i])
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

func itoa(n int) string {
	if n < 100 || n > 999 {
		return "000"
	}
	return string([]byte{byte('0' + n/100), byte('0' + n/10%10), byte('0' + n%10)})
}

func atoi(s string) (int, bool) {
	if len(s) != 3 {
		return 0, false
	}
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
