package checks

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
)

// Gen holds what probe generation needs beyond one operation.
type Gen struct {
	Spec *openapi.Spec
	// AllPaths are the path templates of the whole description, before
	// any operation filter: a route the API serves is never "unknown".
	AllPaths []string
	// Seed makes generated values that are not taken from the description
	// (unknown route names, say) reproducible.
	Seed int64
	// HasLowIdentity is set when the user gave a low-privilege identity.
	HasLowIdentity bool
	// LowMethods are the methods probed with the low-privilege identity.
	LowMethods []string
	// LowApplies, when set, replaces LowMethods: it says which secured
	// operations the low-privilege identity must be refused.
	LowApplies func(op *openapi.Operation) bool
	// AuthHeader is the header the authorised identity uses; invalid
	// credentials are sent in it. Empty means derive it from the scheme.
	AuthHeader string
	// Values are the user's parameter values (--path-param, values: in
	// errprobe.yaml); they replace sample values wherever a probe does not
	// break that parameter.
	Values ParamValues
	// Names, when set, are the description's name families, computed
	// once for Gens of the same Spec and AllPaths (see NewNameIndex).
	Names *NameIndex

	memo *genMemo // set by Plan on its own copy; see genmemo.go
}

// token returns a short deterministic token for name under the run's seed.
func (g *Gen) token(name string) string {
	h := fnv.New32a()
	fmt.Fprintf(h, "%d\x00%s", g.Seed, name)
	return fmt.Sprintf("%08x", h.Sum32())
}

// uuid returns a well-formed version 4 UUID for name under the run's seed:
// random to any store, the same in every run with the same seed.
func (g *Gen) uuid(name string) string {
	h := fnv.New128a()
	fmt.Fprintf(h, "%d\x00%s", g.Seed, name)
	b := h.Sum(nil)
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// build makes a request for op in which every required parameter and the
// body carry valid sample values; mutate then breaks one thing.
type build struct {
	op     *openapi.Operation
	params map[*openapi.Parameter]string // nil entry means leave out
	skip   map[*openapi.Parameter]bool
	body   []byte
	noBody bool
	ctype  string
	header http.Header
}

func (g *Gen) newBuild(op *openapi.Operation) *build {
	base := g.base(op)
	b := &build{op: op, params: make(map[*openapi.Parameter]string, len(base.params)), skip: map[*openapi.Parameter]bool{}, header: http.Header{}}
	for p, v := range base.params {
		b.params[p] = v
	}
	if op.Body != nil {
		b.ctype = op.Body.ContentType
		if base.ctype != "" {
			b.ctype = base.ctype
		}
		b.body = base.body // shared: a mutation replaces b.body, never writes into it
	}
	return b
}

// request renders the build into a Request.
func (b *build) request(identity string) Request {
	path := b.op.Path
	var query []string
	for _, p := range b.op.Parameters {
		v, ok := b.params[p]
		if !ok || b.skip[p] {
			if p.In == "path" {
				path = strings.ReplaceAll(path, "{"+p.Name+"}", "errprobe")
			}
			continue
		}
		switch p.In {
		case "path":
			path = strings.ReplaceAll(path, "{"+p.Name+"}", url.PathEscape(v))
		case "query":
			query = append(query, url.QueryEscape(p.Name)+"="+url.QueryEscape(v))
		case "header":
			b.header.Set(p.Name, v)
		case "cookie":
			b.header.Add("Cookie", p.Name+"="+cookieEscape(v))
		}
	}
	if len(query) > 0 {
		path += "?" + strings.Join(query, "&")
	}
	h := b.header.Clone()
	var body []byte
	if !b.noBody && b.body != nil {
		body = b.body
		if b.ctype != "" {
			h.Set("Content-Type", b.ctype)
		}
	}
	if h.Get("Accept") == "" {
		h.Set("Accept", "application/json, application/problem+json")
	}
	return Request{Method: b.op.Method, Path: path, Header: h, Body: body, Identity: identity}
}

func cookieEscape(v string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == ';' || r == ',' || r == '"' || r == '\\' || r >= 0x7f {
			return '_'
		}
		return r
	}, v)
}

// probe assembles a probe with a stable ID.
func probe(c Check, op *openapi.Operation, detail, desc string, req Request, exp Expectation) Probe {
	m := c.Meta()
	id := m.ID + ":" + op.Key()
	if detail != "" {
		id += ":" + detail
	}
	sort.Ints(exp.Statuses)
	return Probe{ID: id, CheckID: m.ID, Family: m.Family, Description: desc, Op: op, Request: req, Expect: exp}
}
