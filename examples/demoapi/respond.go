package demoapi

import (
	"encoding/json"
	"net/http"
)

// Media types of the two error shapes the Widget Shop answers.
const (
	problemJSON = "application/problem+json"
	plainJSON   = "application/json"
)

// problemBase prefixes the type URI of every problem the API answers.
const problemBase = "https://widgets.example/problems/"

// problem is an RFC 9457 problem details object, the error shape of the
// well-handled operations.
type problem struct {
	Type     string       `json:"type"`
	Title    string       `json:"title"`
	Status   int          `json:"status"`
	Detail   string       `json:"detail,omitempty"`
	Instance string       `json:"instance,omitempty"`
	Errors   []fieldError `json:"errors,omitempty"`
}

// fieldError is one entry of a problem's "errors" extension member: what is
// wrong with one parameter or one body member.
type fieldError struct {
	Pointer   string `json:"pointer,omitempty"`
	Parameter string `json:"parameter,omitempty"`
	Detail    string `json:"detail"`
}

// newProblem returns a problem of the given kind about request r.
func newProblem(r *http.Request, status int, kind, detail string) problem {
	return problem{
		Type:     problemBase + kind,
		Title:    http.StatusText(status),
		Status:   status,
		Detail:   detail,
		Instance: r.URL.Path,
	}
}

// write sends p with p.Status as the HTTP status.
func (p problem) write(w http.ResponseWriter) {
	writeJSON(w, p.Status, problemJSON, p)
}

// legacyError is the error shape of the operations that predate RFC 9457.
type legacyError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

func writeLegacyError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, plainJSON, legacyError{Error: code, Message: message})
}

// writeJSON sends v as the response body.
func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		// Every value passed here is a plain struct; this cannot happen.
		panic(err)
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	// A failed write means the client has gone; there is no one to tell.
	_, _ = w.Write(append(body, '\n'))
}

// notFound answers unknown paths under /widgets/.
func notFound(w http.ResponseWriter, r *http.Request) {
	newProblem(r, http.StatusNotFound, "not-found", "no resource at "+r.URL.Path).write(w)
}

// methodNotAllowed answers methods a /widgets path does not declare, with the
// Allow header RFC 9110 section 15.5.6 requires.
func methodNotAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		newProblem(r, http.StatusMethodNotAllowed, "method-not-allowed",
			r.Method+" is not supported here; use one of "+allow).write(w)
	}
}
