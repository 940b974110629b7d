package checks

import (
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
)

// ParamValue is a user's value for a parameter, sent instead of a sample
// value: a path parameter the server routes on (a server name, a tenant),
// an identifier that exists, a query value the server insists on.
type ParamValue struct {
	// Operation limits the value to one operation: "METHOD /path" as the
	// description writes the path, or an operationId. Empty: every one.
	Operation string
	// In limits the value to one location (path, query, header, cookie).
	// Empty: any.
	In    string
	Name  string
	Value string
	// Omit leaves a body field out of the valid request (values: with a
	// null value); for body fields only.
	Omit bool
}

// For reports whether the value is for op: given for it ("METHOD /path"
// or its operationId), or for every operation.
func (pv ParamValue) For(op *openapi.Operation) bool {
	return pv.Operation == "" || pv.own(op)
}

// own reports whether the value is given for op alone.
func (pv ParamValue) own(op *openapi.Operation) bool {
	return pv.Operation != "" && (pv.Operation == op.Key() || pv.Operation == op.OperationID)
}

// ParamValues are the user's values; for a parameter, a value given for
// its operation wins over a value for every operation, and a later entry
// over an earlier one.
type ParamValues []ParamValue

// lookup returns the user's value for p of op.
func (vs ParamValues) lookup(op *openapi.Operation, p *openapi.Parameter) (string, bool) {
	var (
		v          string
		found, own bool
	)
	for _, pv := range vs {
		if pv.Name != p.Name || (pv.In != "" && !strings.EqualFold(pv.In, p.In)) {
			continue
		}
		if !pv.For(op) {
			continue
		}
		mine := pv.own(op)
		if mine || !own {
			v, found, own = pv.Value, true, own || mine
		}
	}
	return v, found
}
