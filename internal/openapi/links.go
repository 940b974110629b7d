package openapi

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Link is one of a response's OpenAPI 3 links: the operation a client may
// call next, and where the values of its parameters come from in the
// request and answer of this one (runtime expressions such as
// "$response.body#/id" or "$response.header.Location").
type Link struct {
	Name string
	// OperationID and OperationRef are the link's target as written.
	OperationID, OperationRef string
	// Target is the key of the operation the link names, "GET /pets/{petId}".
	Target string
	// Parameters maps the target's parameters, as the link names them
	// ("petId", or "path.petId" where names clash), to the link's
	// expressions; constant values that are not strings are left out.
	Parameters map[string]string
}

// links converts a response's links; their targets are resolved later,
// once every operation is known (see resolveLinks).
func links(in openapi3.Links) []*Link {
	var out []*Link
	for name, ref := range in {
		if ref == nil || ref.Value == nil {
			continue
		}
		v := ref.Value
		l := &Link{Name: name, OperationID: v.OperationID, OperationRef: v.OperationRef, Parameters: map[string]string{}}
		for k, p := range v.Parameters {
			if s, ok := p.(string); ok {
				l.Parameters[k] = s
			}
		}
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// resolveLinks sets the target of every link of spec's responses and
// drops, with a warning, those naming no operation of the description: a
// link is a hint for errprobe, never a reason to refuse a description.
func resolveLinks(spec *Spec) {
	byID, byKey := map[string]string{}, map[string]bool{}
	for _, op := range spec.Operations {
		byKey[op.Key()] = true
		if op.OperationID != "" {
			byID[op.OperationID] = op.Key()
		}
	}
	for _, op := range spec.Operations {
		for _, r := range op.Responses {
			kept := r.Links[:0]
			for _, l := range r.Links {
				if l.OperationID != "" {
					l.Target = byID[l.OperationID]
				} else if key, ok := refKey(l.OperationRef); ok && byKey[key] {
					l.Target = key
				}
				if l.Target == "" {
					spec.Warnings = append(spec.Warnings, fmt.Sprintf("link %q of %s (response %s) names no operation of the description (operationId %q, operationRef %q): ignored", l.Name, op.Key(), r.Status, l.OperationID, l.OperationRef))
					continue
				}
				kept = append(kept, l)
			}
			if len(kept) == 0 {
				kept = nil
			}
			r.Links = kept
		}
	}
}

// refKey returns the operation key an operationRef names within the
// description: "#/paths/~1pets~1{petId}/get" (its URI may percent-encode
// the braces) is "GET /pets/{petId}". A reference into another document
// names nothing here.
func refKey(ref string) (string, bool) {
	doc, frag, ok := strings.Cut(ref, "#")
	if !ok || (doc != "" && strings.Contains(doc, "://")) {
		return "", false
	}
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	rest, ok := strings.CutPrefix(frag, "/paths/")
	if !ok {
		return "", false
	}
	path, method, ok := strings.Cut(rest, "/")
	if !ok || method == "" || strings.Contains(method, "/") {
		return "", false
	}
	path = pointerUnescape.Replace(path)
	return strings.ToUpper(method) + " " + path, true
}
