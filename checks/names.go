package checks

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/errprobe/errprobe/internal/openapi"
)

// bareName is the sample string a schema without example, default, enum
// or format gets (see sampleStringAt).
const bareName = "errprobe"

// uniqueNames returns a write's sample body value with every bare sample
// string replaced by a name under the run's seed ("errprobe1a2b3c4d",
// letters and digits alone, so that it is a valid label, identifier or
// slug), one per resource family (see namefamily.go): what a request
// creates never collides with what the user, another seed's run or a
// request creating another kind of resource created, while operations
// that name one thing by different members (etcd's role/add "name" and
// role/delete "role") still agree. The value is copied where it changes,
// never written into (it may be the description's example).
func (g *Gen) uniqueNames(op *openapi.Operation, v any, s *openapi.Schema, ptr string) any {
	switch x := v.(type) {
	case string:
		if x != bareName && !g.namesItem(op, ptr, s) {
			return x
		}
		name := bareName + g.token("name\x00"+g.nameFamily(op.Path, ptr))
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

// namesItem reports whether the member at ptr of a creating request's
// body names the item it creates: a top-level string member named like
// the parameter of an item path under the operation's (username for POST
// /users and /users/{username}), free of pattern, format and enum. Its
// example would name the same item on every run, and collide.
func (g *Gen) namesItem(op *openapi.Operation, ptr string, s *openapi.Schema) bool {
	if op.Method != http.MethodPost || s == nil || s.Pattern != "" || s.Format != "" || len(s.Enum) > 0 || strings.Count(ptr, "/") != 1 {
		return false
	}
	member := NormName(ptr[1:])
	for _, t := range g.AllPaths {
		rest, ok := strings.CutPrefix(t, strings.TrimSuffix(op.Path, "/")+"/{")
		if !ok || !strings.HasSuffix(rest, "}") || strings.Contains(rest, "/") {
			continue
		}
		for _, name := range MemberNames(strings.TrimSuffix(rest, "}")) {
			if name == member {
				return true
			}
		}
	}
	return false
}

// MemberNames returns the body member names, normalised (lower case, no
// '_' or '-'), that may carry the value of path parameter param: the
// parameter's own name and its last word (petId: petid, id; key_name:
// keyname, name).
func MemberNames(param string) []string {
	out := []string{NormName(param)}
	i := strings.LastIndexFunc(param, func(r rune) bool { return r == '_' || r == '-' || unicode.IsUpper(r) })
	if i >= 0 {
		if param[i] == '_' || param[i] == '-' {
			i++
		}
		if last := NormName(param[i:]); last != "" && last != out[0] {
			out = append(out, last)
		}
	}
	return out
}

// NormName lower-cases a member name and drops '_' and '-'.
func NormName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// IsUniqueName reports whether v is a name errprobe made unique (see
// uniqueNames, Resalt): an item it names is errprobe's own.
func IsUniqueName(v string) bool { return uniqueName.MatchString(v) && len(v) == len(bareName)+8 }

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
var uniqueName = regexp.MustCompile(bareName + `[0-9a-f]{8}\b`)

// Resalt returns body with every unique sample name (see uniqueNames)
// replaced by another one derived from it and salt: a request of
// errprobe's own (a fixture it creates) does not collide with the
// operation's valid request, which the run sends as well.
func Resalt(body []byte, salt string) []byte {
	return uniqueName.ReplaceAllFunc(body, func(m []byte) []byte { return salted(m, salt) })
}

func salted(name []byte, salt string) []byte {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s\x00%s", name, salt)
	return fmt.Appendf(nil, "%s%08x", bareName, h.Sum32())
}

// Unsalt returns a target's answer to a request Resalt made from body with
// the salted names put back as body had them, so that the answer reads as
// one to body (a repair reads which value the answer echoes).
func Unsalt(answer, body []byte, salt string) []byte {
	for _, m := range uniqueName.FindAll(body, -1) {
		answer = bytes.ReplaceAll(answer, salted(m, salt), m)
	}
	return answer
}

// keepItemName returns a PUT's or PATCH's sample body with the top-level
// string member named like the path's last parameter (name for PUT
// /keys/{name}, key_name...) set to that parameter's value: the valid
// request then updates the item its path names instead of renaming it,
// which would leave every later request of that path a 404.
func keepItemName(op *openapi.Operation, body any, params map[*openapi.Parameter]string) any {
	obj, ok := body.(map[string]any)
	if !ok || (op.Method != http.MethodPut && op.Method != http.MethodPatch) {
		return body
	}
	i := strings.LastIndex(op.Path, "/{")
	if i < 0 || !strings.HasSuffix(op.Path, "}") {
		return body
	}
	name := op.Path[i+2 : len(op.Path)-1]
	var value string
	found := false
	for p, v := range params {
		if p.In == "path" && p.Name == name {
			value, found = v, true
		}
	}
	if !found {
		return body
	}
	names := MemberNames(name)
	out := make(map[string]any, len(obj))
	for k, v := range obj {
		if _, isString := v.(string); isString && slices.Contains(names, NormName(k)) {
			v = value
		}
		out[k] = v
	}
	return out
}
