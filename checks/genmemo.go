package checks

import (
	"strings"
	"sync"

	"github.com/errprobe/errprobe/internal/openapi"
)

// genMemo holds what probe generation would otherwise recompute for every
// probe: an operation's valid sample request (built once per operation
// instead of once per probe), each path template filled with sample values
// (expandPath scans every operation), and the route templates cut into
// segments (matchesAny splits every template for every path it checks).
// Plan fills it before its checks run; they only read it, so they may run
// concurrently. Everything in it is what the uncached functions return.
type genMemo struct {
	bases    map[*openapi.Operation]*opBase
	expanded map[string]string
	allPaths [][]string // Gen.AllPaths, split by splitPath
	// leaves and families are the names of what writes create (see
	// namefamily.go).
	leaves   map[string][]string
	families nameFamilies
}

// opBase is the part of newBuild that depends only on the operation.
type opBase struct {
	once   sync.Once
	params map[*openapi.Parameter]string // required parameters' samples
	body   []byte                        // JSON or form sample body, or "errprobe"
	ctype  string                        // a form body's Content-Type (its boundary), or ""
	panic  any                           // what building them panicked with
}

func newGenMemo(g *Gen) *genMemo {
	m := &genMemo{
		bases:    make(map[*openapi.Operation]*opBase, len(g.Spec.Operations)),
		expanded: g.expandAll(),
		allPaths: splitPaths(g.AllPaths),
	}
	for _, op := range g.Spec.Operations {
		m.bases[op] = &opBase{}
	}
	m.leaves = leafPaths(g)
	m.families = g.newNameFamilies()
	return m
}

// base returns op's sample request parts, computing them on first use.
func (g *Gen) base(op *openapi.Operation) *opBase {
	if g.memo != nil {
		if b := g.memo.bases[op]; b != nil {
			b.once.Do(func() {
				defer func() { b.panic = recover() }()
				b.fill(g, op)
			})
			if b.panic != nil {
				panic(b.panic) // as the uncached build did, for every caller
			}
			return b
		}
	}
	b := &opBase{}
	b.fill(g, op)
	return b
}

func (b *opBase) fill(g *Gen, op *openapi.Operation) {
	b.params = map[*openapi.Parameter]string{}
	for _, p := range op.Parameters {
		if v, ok := g.Values.lookup(op, p); ok {
			b.params[p] = v // the user's value is sent, required or not
		} else if p.Required {
			b.params[p] = ParamString(SampleParam(p))
		}
	}
	if op.Body != nil {
		switch media := formMedia(op.Body.ContentType); {
		case op.Body.JSON() && writes(op):
			body := g.uniqueNames(op, SampleBody(op.Body), op.Body.Schema, "")
			b.body = mustJSON(g.withBodyValues(op, keepItemName(op, body, b.params)))
		case op.Body.JSON():
			b.body = mustJSON(g.sampleBody(op))
		case media != "":
			b.body, b.ctype = g.sampleForm(op, media)
		default:
			b.body = []byte("errprobe")
		}
	}
}

// expandPath returns expandPath(g.Spec, template), from the memo when the
// template is one of the description's.
func (g *Gen) expandPath(template string) string {
	if g.memo != nil {
		if s, ok := g.memo.expanded[template]; ok {
			return s
		}
	}
	return g.expandUncached(template)
}

// expandAll computes expandPath for every operation's path in one pass
// over the operations instead of one pass per template.
func (g *Gen) expandAll() map[string]string {
	byPath := map[string][]*openapi.Operation{}
	var order []string
	for _, op := range g.Spec.Operations {
		if _, ok := byPath[op.Path]; !ok {
			order = append(order, op.Path)
		}
		byPath[op.Path] = append(byPath[op.Path], op)
	}
	out := make(map[string]string, len(order))
	for _, t := range order {
		out[t] = g.fillTemplate(t, byPath[t])
	}
	return out
}

// matchesAllPaths is matchesAny(g.AllPaths, path).
func (g *Gen) matchesAllPaths(path string) bool {
	if g.memo != nil {
		return matchesSplit(g.memo.allPaths, path)
	}
	return matchesAny(g.AllPaths, path)
}

// splitPath cuts a template or path into the segments matchesAny compares.
func splitPath(p string) []string { return strings.Split(strings.Trim(p, "/"), "/") }

func splitPaths(templates []string) [][]string {
	out := make([][]string, len(templates))
	for i, t := range templates {
		out[i] = splitPath(t)
	}
	return out
}
