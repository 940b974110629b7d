package openapi

import (
	"context"
	"net/url"
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// maxInline bounds how many $refs copied in place may nest: a chain
// longer than that goes round in a circle.
const maxInline = 64

// bundler brings what a Swagger 2.0 description's $refs name in other
// files into the description's own tree, as OpenAPI 3's loader follows
// them itself: kin's conversion reads one document and resolves only its
// #/definitions, #/parameters and #/responses. A schema from another file
// becomes a definition (so that recursive schemas stay finite); any other
// object (a parameter, a response, a path item) is copied in place. Path
// items written as $ref, local ones included, are copied in place too:
// the conversion would drop them. Files are read through read, under the
// rules of readRef.
type bundler struct {
	ctx     context.Context
	read    func(ctx context.Context, loc *url.URL) ([]byte, error)
	main    *refDoc
	docs    map[string]*refDoc // other documents, by location
	schemas map[string]string  // "location#fragment" -> "#/definitions/Name"
	defs    *yaml.Node
	inlined int             // depth of copies in place being walked
	place   string          // the path or operation being walked, for messages
	done    map[string]bool // top-level sections walked by sections
	// origins names the file of every node copied from another file, so
	// that messages about it point there.
	origins map[*yaml.Node]string
}

// refDoc is one document $refs are resolved against.
type refDoc struct {
	loc  *url.URL   // absolute, without fragment
	name string     // as messages show it
	root *yaml.Node // its top node
}

// bundle runs a bundler over root, the document node of the description
// called name, which is changed in place. origins names the file each node
// copied from another file comes from.
func bundle(ctx context.Context, name string, root *yaml.Node, opts Options) (origins map[*yaml.Node]string, err error) {
	top := root
	if top.Kind == yaml.DocumentNode && len(top.Content) == 1 {
		top = top.Content[0]
	}
	dir := refDir(name)
	b := &bundler{
		ctx: ctx,
		read: func(ctx context.Context, loc *url.URL) ([]byte, error) {
			return readRef(ctx, dir, opts.AllowExternalRefs, opts.HTTPClient, loc)
		},
		main:    &refDoc{loc: docLocation(name), name: name, root: top},
		docs:    map[string]*refDoc{},
		schemas: map[string]string{},
		done:    map[string]bool{},
		origins: map[*yaml.Node]string{},
	}
	if err := b.sections(); err != nil {
		return nil, err
	}
	if err := b.walk(top, kindAny, b.main); err != nil {
		return nil, err
	}
	return b.origins, nil
}

// walk resolves the $refs in n, a k of doc.
func (b *bundler) walk(n *yaml.Node, k kind, doc *refDoc) error {
	if n.Kind == yaml.SequenceNode {
		for _, c := range n.Content {
			if err := b.walk(c, k, doc); err != nil {
				return err
			}
		}
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	if ref := mapValue(n, "$ref"); ref != nil && ref.Kind == yaml.ScalarNode {
		return b.ref(n, ref, k, doc)
	}
	elem, names := namesOf[k]
	// Definitions added while walking are walked where they are added.
	for i, end := 0, len(n.Content); i+1 < end; i += 2 {
		key, v := n.Content[i].Value, n.Content[i+1]
		var err error
		switch {
		case n == b.main.root && b.done[key]:
		case names:
			err = b.walk(v, elem, doc)
		case n == doc.root && key == "paths" && v.Kind == yaml.MappingNode:
			for j := 1; j < len(v.Content) && err == nil; j += 2 {
				err = b.pathItem(v.Content[j], doc, v.Content[j-1].Value)
			}
			b.place = ""
		default:
			err = b.entry(key, v, doc)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// entry walks the value v of keyword key.
func (b *bundler) entry(key string, v *yaml.Node, doc *refDoc) error {
	if opaque[key] || strings.HasPrefix(key, "x-") {
		return nil
	}
	return b.walk(v, childKindOf(key, v), doc)
}

// pathItem copies in place the path item a $ref names, then walks it,
// naming in messages the path and the operation it is in.
func (b *bundler) pathItem(n *yaml.Node, doc *refDoc, path string) error {
	b.place = "path " + path
	ref := mapValue(n, "$ref")
	if ref == nil || ref.Kind != yaml.ScalarNode {
		if n.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			b.place = "path " + path
			if m := strings.ToUpper(key); isMethod(m) {
				b.place = m + " " + path
			}
			if err := b.entry(key, n.Content[i+1], doc); err != nil {
				return err
			}
		}
		return nil
	}
	target, tdoc, err := b.resolve(ref, doc)
	if err != nil {
		return err
	}
	line := ref.Line
	if err := b.inline(n, ref, doc, target, tdoc); err != nil {
		return err
	}
	defer func() { b.inlined-- }()
	if err := b.pathItem(n, tdoc, path); err != nil {
		return err
	}
	if doc == b.main {
		placeAt(n, line)
	}
	return nil
}

// ref resolves the $ref of mapping n, where a k is expected.
func (b *bundler) ref(n, ref *yaml.Node, k kind, doc *refDoc) error {
	if ref.Value == "" || doc == b.main && strings.HasPrefix(ref.Value, "#") {
		return nil // the conversion's to resolve, or to warn about
	}
	u, err := url.Parse(ref.Value)
	if err != nil {
		return b.fail(doc, ref, "$ref %q is not a URL: %v", ref.Value, err)
	}
	loc := doc.loc.ResolveReference(u)
	frag := loc.EscapedFragment()
	loc.Fragment, loc.RawFragment = "", ""
	if loc.String() == b.main.loc.String() {
		ref.Value = "#" + frag // back into the description itself
		return nil
	}
	key := loc.String() + "#" + frag
	if k == kindSchema {
		if local, ok := b.schemas[key]; ok {
			ref.Value = local
			return nil
		}
	}
	target, tdoc, err := b.resolve(ref, doc)
	if err != nil {
		return err
	}
	if k != kindSchema {
		if err := b.inline(n, ref, doc, target, tdoc); err != nil {
			return err
		}
		defer func() { b.inlined-- }()
		return b.walk(n, k, tdoc)
	}
	copied := b.copyOf(target, tdoc)
	local := "#/definitions/" + b.define(defName(loc.Path, frag), copied)
	b.schemas[key] = local
	ref.Value = local
	return b.walk(copied, kindSchema, tdoc)
}

// inline replaces the content of n, whose $ref is ref (in doc), with a
// copy of target (in tdoc); the caller walks it and then gives the depth
// back.
func (b *bundler) inline(n, ref *yaml.Node, doc *refDoc, target *yaml.Node, tdoc *refDoc) error {
	if target.Kind != yaml.MappingNode {
		return b.fail(tdoc, target, "$ref %q names %s, not an object", ref.Value, nodeKind(target))
	}
	if b.inlined >= maxInline {
		return b.fail(doc, ref, "$ref %q: more than %d $refs in a chain; do they go round in a circle?", ref.Value, maxInline)
	}
	b.inlined++
	n.Content = b.copyOf(target, tdoc).Content
	return nil
}

// resolve finds the node ref (a $ref in doc) names, and its document.
func (b *bundler) resolve(ref *yaml.Node, doc *refDoc) (*yaml.Node, *refDoc, error) {
	u, err := url.Parse(ref.Value)
	if err != nil {
		return nil, nil, b.fail(doc, ref, "$ref %q is not a URL: %v", ref.Value, err)
	}
	loc := doc.loc.ResolveReference(u)
	frag := loc.EscapedFragment()
	loc.Fragment, loc.RawFragment = "", ""
	tdoc := b.main
	if loc.String() != b.main.loc.String() {
		if tdoc, err = b.load(loc, doc, ref); err != nil {
			return nil, nil, err
		}
	}
	target := tdoc.root
	if frag != "" && frag != "/" {
		target = pointer(tdoc.root, "#"+frag)
	}
	if target == nil {
		return nil, nil, b.fail(doc, ref, "$ref %q points at nothing", ref.Value)
	}
	return target, tdoc, nil
}
