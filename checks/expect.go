package checks

import (
	"sort"
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
)

// class is the kind of client mistake a probe makes; it picks the default
// statuses and which documented statuses count as expected.
type class int

const (
	classValidation  class = iota // a malformed or incomplete request
	classContentType              // a body the server cannot read
	classPathParam                // a malformed path segment
	classUnauth                   // no or bad credentials
	classForbidden                // valid but insufficient credentials
	classNotFound                 // a route that does not exist
	classMethod                   // a method the path does not declare
	classSyntax                   // a body that does not parse (broken JSON)
)

// defaults are the statuses RFC 9110 and common practice give each class when
// the description documents none.
var defaults = map[class][]int{
	classValidation:  {400, 422},
	classContentType: {400, 415, 422},
	classPathParam:   {400, 404, 422},
	classUnauth:      {401},
	classForbidden:   {403},
	classNotFound:    {404},
	classMethod:      {405},
	classSyntax:      {400, 422},
}

// always are statuses accepted whatever the description documents, because
// they are the exact answer the HTTP semantics give.
var always = map[class][]int{
	classContentType: {415},
	classPathParam:   {404},
	classUnauth:      {401},
	classForbidden:   {403},
	classNotFound:    {404},
	classMethod:      {405},
	// RFC 9110 §15.5.1: malformed syntax is what 400 is for, whatever
	// other validation status (422) a description lists.
	classSyntax: {400},
}

// validationStatus are the documented statuses that can answer a
// malformed request. Others a description documents (401, 404, 409
// Conflict, 412, 429...) answer other conditions, so documenting them does
// not make them expected for a malformed body.
var validationStatus = map[int]bool{400: true, 413: true, 415: true, 422: true}

// expect computes the expected statuses of a probe of class c on op: the
// operation's documented client-error statuses that fit the class, else the
// defaults; plus the statuses the class always allows.
func expect(op *openapi.Operation, c class) Expectation {
	set := map[int]bool{}
	if c == classValidation || c == classContentType || c == classPathParam || c == classSyntax {
		for _, s := range op.DocumentedStatuses() {
			if validationStatus[s] {
				set[s] = true
			}
		}
	}
	defaulted := len(set) == 0
	if defaulted {
		for _, s := range defaults[c] {
			set[s] = true
		}
	}
	for _, s := range always[c] {
		set[s] = true
	}
	// RFC 9110 §15.5.4 lets a server hide a resource it refuses behind 404;
	// accept that where the operation documents it for a resource path.
	if c == classForbidden && strings.Contains(op.Path, "{") && op.Response("404") != nil {
		set[404] = true
	}
	out := make([]int, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Ints(out)
	return Expectation{Statuses: out, Defaults: defaulted}
}
