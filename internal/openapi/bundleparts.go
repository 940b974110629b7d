package openapi

import (
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// sectionKinds are the top-level sections a description may write as a
// $ref to another file, and the kind of their entries.
var sectionKinds = []struct {
	key  string
	kind kind
}{{"definitions", namesSchema}, {"parameters", namesParam}, {"responses", namesResponse}, {"paths", namesAny}}

// sections copies in place the top-level sections written as a $ref (a
// file of definitions, say) and walks them in their own file; the
// definitions' own $refs to each other then name the copies.
func (b *bundler) sections() error {
	for _, sec := range sectionKinds {
		v := mapValue(b.main.root, sec.key)
		ref := mapValue(v, "$ref")
		if ref == nil || ref.Kind != yaml.ScalarNode {
			continue
		}
		target, tdoc, err := b.resolve(ref, b.main)
		if err != nil {
			return err
		}
		u, _ := url.Parse(ref.Value) // resolve parsed it
		loc := b.main.loc.ResolveReference(u)
		frag := loc.EscapedFragment()
		loc.Fragment, loc.RawFragment = "", ""
		line := ref.Line
		if err := b.inline(v, ref, b.main, target, tdoc); err != nil {
			return err
		}
		b.inlined--
		b.done[sec.key] = true
		for i := 0; i+1 < len(v.Content) && sec.key == "definitions"; i += 2 {
			name := v.Content[i].Value
			b.schemas[loc.String()+"#"+frag+"/"+pointerEscape.Replace(name)] = "#/definitions/" + name
		}
		if sec.key == "paths" {
			for i := 1; i < len(v.Content); i += 2 {
				if err := b.pathItem(v.Content[i], tdoc, v.Content[i-1].Value); err != nil {
					return err
				}
				placeAt(v.Content[i], line)
			}
			b.place = ""
			continue
		}
		if err := b.walk(v, sec.kind, tdoc); err != nil {
			return err
		}
	}
	return nil
}

// docLocation is the absolute location of the description called name.
func docLocation(name string) *url.URL {
	if u, err := url.Parse(name); err == nil && len(u.Scheme) > 1 {
		return u
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		abs = name
	}
	return &url.URL{Path: filepath.ToSlash(abs)}
}

// placeAt places the operations of path item n, copied from another file,
// at line of the description: where its $ref is.
func placeAt(n *yaml.Node, line int) {
	if n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i < len(n.Content); i += 2 {
		n.Content[i].Line = line
	}
}

// load reads and parses the document at loc, which ref in doc names.
func (b *bundler) load(loc *url.URL, doc *refDoc, ref *yaml.Node) (*refDoc, error) {
	if d := b.docs[loc.String()]; d != nil {
		return d, nil
	}
	data, err := b.read(b.ctx, loc)
	if err != nil {
		return nil, b.fail(doc, ref, "$ref %q: %v", ref.Value, err)
	}
	d := &refDoc{loc: loc, name: b.displayName(loc)}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, locate(d.name, data, err)
	}
	d.root = &root
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		d.root = root.Content[0]
	}
	b.docs[loc.String()] = d
	return d, nil
}

// displayName names the document at loc in messages: a file by its path
// beside the description's, as the user wrote that; a URL without
// credentials.
func (b *bundler) displayName(loc *url.URL) string {
	if loc.Scheme != "" {
		return loc.Redacted()
	}
	rel, err := filepath.Rel(filepath.Dir(filepath.FromSlash(b.main.loc.Path)), filepath.FromSlash(loc.Path))
	if err != nil || b.main.loc.Scheme != "" {
		return loc.Path
	}
	return filepath.Join(filepath.Dir(b.main.name), rel)
}

func (b *bundler) fail(doc *refDoc, at *yaml.Node, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if b.place != "" {
		msg = b.place + ": " + msg
	}
	name := doc.name
	if o, ok := b.origins[at]; ok {
		name = o // a copy's node: its own file says where
	}
	return &locatedError{name: name, line: at.Line, msg: msg}
}

// define adds schema to the description's definitions under a name like
// want that no definition has yet, and returns that name.
func (b *bundler) define(want string, schema *yaml.Node) string {
	if b.defs == nil {
		b.defs = mapValue(b.main.root, "definitions")
		if b.defs == nil || b.defs.Kind != yaml.MappingNode {
			b.defs = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			b.main.root.Content = append(b.main.root.Content, strNode("definitions", 0), b.defs)
		}
	}
	name := want
	for i := 2; mapValue(b.defs, name) != nil; i++ {
		name = want + "_" + strconv.Itoa(i)
	}
	b.defs.Content = append(b.defs.Content, strNode(name, schema.Line), schema)
	return name
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// defName is the definition name for the schema at frag in the file at
// file: the pointer's last part, else the file's name without extension.
func defName(file, frag string) string {
	base := ""
	if i := strings.LastIndexByte(frag, '/'); i >= 0 {
		base = frag[i+1:]
		if u, err := url.PathUnescape(base); err == nil {
			base = u
		}
	}
	if base == "" {
		base = strings.TrimSuffix(path.Base(file), path.Ext(file))
	}
	if base = unsafeName.ReplaceAllString(base, "_"); base == "" {
		base = "schema"
	}
	return base
}

// copyOf copies target, a node of doc, recording the origin of the copy's
// nodes when doc is another file.
func (b *bundler) copyOf(target *yaml.Node, doc *refDoc) *yaml.Node {
	c := clone(target)
	if doc != b.main {
		b.mark(c, doc.name)
	}
	return c
}

func (b *bundler) mark(n *yaml.Node, name string) {
	if _, done := b.origins[n]; done {
		return
	}
	b.origins[n] = name
	if n.Kind != yaml.AliasNode {
		for _, c := range n.Content {
			b.mark(c, name)
		}
	}
}

// clone copies a node tree; an alias stays an alias of the same node
// (following them could copy a document exponentially many times).
func clone(n *yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	c := *n
	if len(n.Content) > 0 && n.Kind != yaml.AliasNode {
		c.Content = make([]*yaml.Node, len(n.Content))
		for i, x := range n.Content {
			c.Content[i] = clone(x)
		}
	}
	return &c
}
