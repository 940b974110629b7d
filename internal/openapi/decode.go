package openapi

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/getkin/kin-openapi/openapi3"
	yaml "go.yaml.in/yaml/v4"
)

// partSize is how many paths or component schemas one part of a parallel
// decode holds; smaller descriptions than two parts decode in one go.
const partSize = 32

// decodeDoc decodes the node tree of a JSON description into kin-openapi's
// document. kin-openapi's decode of a large description takes a third of
// its load, nearly all of it in the paths and the component schemas, which
// are independent of each other: they are decoded in parts on every core
// and put together. Anything unusual (a duplicate key, a part that does
// not decode, a section that is not an object) makes it decode the whole
// tree at once instead, so the result and any error are root.Decode's.
func decodeDoc(root *yaml.Node) (*openapi3.T, error) {
	if doc, ok := decodeParts(root, partSize); ok {
		return doc, nil
	}
	doc := &openapi3.T{}
	return doc, root.Decode(doc)
}

// decodeParts decodes root in parts of size entries; ok is false when it
// cannot, and then nothing it did is kept.
func decodeParts(root *yaml.Node, size int) (doc *openapi3.T, ok bool) {
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 {
		return nil, false
	}
	paths, top, ok := cut(root.Content[0], "paths")
	if !ok {
		return nil, false
	}
	comps, top, ok := cut(top, "components")
	if !ok {
		return nil, false
	}
	schemas, comps, ok := cut(comps, "schemas")
	if !ok || len(paths.Content)+len(schemas.Content) < 4*size {
		return nil, false
	}
	doc, components := &openapi3.T{}, &openapi3.Components{}
	units := []part{{top, doc}, {comps, components}}
	pathParts := chunks(paths, size, func() any { return &openapi3.Paths{} })
	schemaParts := chunks(schemas, size, func() any { return &openapi3.Schemas{} })
	units = append(append(units, pathParts...), schemaParts...)
	if !decodeAll(units) {
		return nil, false
	}
	ps := openapi3.NewPathsWithCapacity(len(paths.Content) / 2)
	ps.Extensions = map[string]any{} // as Paths.UnmarshalYAML leaves it
	for _, u := range pathParts {
		p := u.out.(*openapi3.Paths)
		for k, v := range p.Map() {
			ps.Set(k, v)
		}
		for k, v := range p.Extensions {
			ps.Extensions[k] = v
		}
	}
	all := make(openapi3.Schemas, len(schemas.Content)/2)
	for _, u := range schemaParts {
		for k, v := range *u.out.(*openapi3.Schemas) {
			all[k] = v
		}
	}
	components.Schemas = all
	doc.Paths, doc.Components = ps, components
	return doc, true
}

// part is one mapping to decode and where to.
type part struct {
	node *yaml.Node
	out  any
}

// decodeAll decodes every part on GOMAXPROCS goroutines; it reports false
// if any part fails.
func decodeAll(units []part) bool {
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(units)) {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1)) - 1
				if i >= len(units) {
					return
				}
				if err := units[i].node.Decode(units[i].out); err != nil {
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	return !failed.Load()
}

// cut splits mapping m into the mapping under key and m without it. ok is
// false when m is not a mapping, has a duplicate or non-string key, or
// key's value is missing or not a mapping with unique string keys. Neither
// m nor its children are changed.
func cut(m *yaml.Node, key string) (value, rest *yaml.Node, ok bool) {
	if !uniqueKeys(m) {
		return nil, nil, false
	}
	rest = &yaml.Node{Kind: m.Kind, Style: m.Style, Tag: m.Tag, Content: make([]*yaml.Node, 0, len(m.Content))}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			value = m.Content[i+1]
			continue
		}
		rest.Content = append(rest.Content, m.Content[i], m.Content[i+1])
	}
	if value == nil || !uniqueKeys(value) {
		return nil, nil, false
	}
	return value, rest, true
}

// uniqueKeys reports whether n is a mapping of distinct string keys.
func uniqueKeys(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode || len(n.Content)%2 != 0 {
		return false
	}
	seen := make(map[string]struct{}, len(n.Content)/2)
	for i := 0; i < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || k.Tag != "!!str" {
			return false
		}
		if _, dup := seen[k.Value]; dup {
			return false
		}
		seen[k.Value] = struct{}{}
	}
	return true
}

// chunks cuts mapping m into parts of size entries, each decoded into a
// new value of newOut.
func chunks(m *yaml.Node, size int, newOut func() any) []part {
	var out []part
	for i := 0; i < len(m.Content); i += 2 * size {
		end := min(i+2*size, len(m.Content))
		n := &yaml.Node{Kind: m.Kind, Style: m.Style, Tag: m.Tag, Content: m.Content[i:end:end]}
		out = append(out, part{n, newOut()})
	}
	return out
}
