package checks

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"regexp"

	"github.com/errprobe/errprobe/internal/openapi"
)

// bareName is the sample string a schema without example, default, enum
// or format gets (see sampleStringAt).
const bareName = "errprobe"

// uniqueNames returns a write's sample body value with every bare sample
// string replaced by a name unique to the operation and the member under
// the run's seed ("errprobe-1a2b3c4d"): a name, a title or a login that
// the server keeps never collides with what an earlier run, another
// operation or a later request created. The value is copied where it
// changes, never written into (it may be the description's example).
func (g *Gen) uniqueNames(op *openapi.Operation, v any, s *openapi.Schema, ptr string) any {
	switch x := v.(type) {
	case string:
		if x != bareName {
			return x
		}
		name := bareName + "-" + g.token(op.Key()+"\x00"+ptr)
		if s != nil && s.MaxLength != nil && uint64(len(name)) > *s.MaxLength {
			return x
		}
		return name
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = g.uniqueNames(op, e, property(s, k), ptr+"/"+k)
		}
		return out
	case []any:
		out := make([]any, len(x))
		var items *openapi.Schema
		if s != nil {
			items = s.Merged().Items
		}
		for i, e := range x {
			out[i] = g.uniqueNames(op, e, items, fmt.Sprintf("%s/%d", ptr, i))
		}
		return out
	}
	return v
}

// property returns the schema of member k of an object schema, or nil.
func property(s *openapi.Schema, k string) *openapi.Schema {
	if s == nil {
		return nil
	}
	return s.Merged().Properties[k]
}

// writes reports whether op may create or change a resource the server
// keeps, so that its sample names must not collide.
func writes(op *openapi.Operation) bool {
	switch op.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
		return true
	}
	return false
}

// uniqueName matches the names uniqueNames makes.
var uniqueName = regexp.MustCompile(bareName + `-[0-9a-f]{8}\b`)

// Resalt returns body with every unique sample name (see uniqueNames)
// replaced by another one derived from it and salt: a request of
// errprobe's own (a fixture it creates) does not collide with the
// operation's valid request, which the run sends as well.
func Resalt(body []byte, salt string) []byte {
	return uniqueName.ReplaceAllFunc(body, func(m []byte) []byte {
		h := fnv.New32a()
		fmt.Fprintf(h, "%s\x00%s", m, salt)
		return fmt.Appendf(nil, "%s-%08x", bareName, h.Sum32())
	})
}
