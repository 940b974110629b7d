package schemas

import (
	"math/big"
	"regexp"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// The fast path. Validating with the library costs dozens of allocations
// even when the value is valid, which most error bodies are. So Compile also
// translates the library's compiled schema into a fastNode tree when it
// uses only keywords whose semantics fastNode reproduces exactly; Validate
// asks the tree first and calls the library only when the tree does not
// say "valid". Failures, and so every message, always come from the
// library; the tree decides nothing else.

// verdict is the fast path's answer: unsure means "ask the library".
type verdict uint8

const (
	valid verdict = iota
	invalid
	unsure
)

// kind is a set of JSON types, as in the "type" keyword.
type kind uint8

const (
	kindNull kind = 1 << iota
	kindBoolean
	kindNumber
	kindInteger
	kindString
	kindArray
	kindObject
)

var kindNames = map[string]kind{
	"null": kindNull, "boolean": kindBoolean, "number": kindNumber, "integer": kindInteger,
	"string": kindString, "array": kindArray, "object": kindObject,
}

// fastNode is one schema of the supported subset. Fields mirror those of
// jsonschema.Schema; -1 means "not set" for the counts, as there.
type fastNode struct {
	unsupported bool  // uses a keyword outside the subset: always unsure
	always      *bool // a boolean schema
	types       kind
	consts      []any // empty, or the one const value
	enum        []any

	minProps, maxProps int
	required           []string
	props              []fastProp
	propIndex          map[string]bool
	patterns           []fastPattern
	addlSet, addlBool  bool      // additionalProperties present; its bool form
	addl               *fastNode // additionalProperties as a schema
	propNames          *fastNode
	dependentRequired  map[string][]string

	minItems, maxItems int
	unique             bool
	itemsAll           *fastNode   // draft-07 "items": schema
	tuple              []*fastNode // draft-07 "items": array
	addItemsSet        bool        // additionalItems is a bool
	addItemsBool       bool
	addItems           *fastNode // additionalItems as a schema
	prefix             []*fastNode
	items2020          *fastNode

	minLen, maxLen int
	pattern        *regexp.Regexp

	numeric                    bool // any of the five number keywords
	minimum, maximum           *decimal
	exclusiveMin, exclusiveMax *decimal
	multipleOf                 *big.Rat

	ref, not       *fastNode
	allOf, anyOf   []*fastNode
	oneOf          []*fastNode
	ifS, then, els *fastNode
}

type fastProp struct {
	name string
	node *fastNode
}

type fastPattern struct {
	re   *regexp.Regexp
	node *fastNode
}

// fastCompiler translates one library schema graph, sharing nodes as the
// library shares schemas (so recursive schemas stay finite).
type fastCompiler struct {
	nodes map[*jsonschema.Schema]*fastNode
	full  bool // every reachable node is supported
}

// compileFast returns the fast tree for s, or nil when the tree could not
// mirror the library (a cycle of in-place applicators, which the library
// reports as an infinite loop). full reports whether every reachable node is
// supported.
func compileFast(s *jsonschema.Schema) (root *fastNode, full bool) {
	c := &fastCompiler{nodes: map[*jsonschema.Schema]*fastNode{}, full: true}
	root = c.node(s)
	if hasInPlaceCycle(root) {
		return nil, false
	}
	return root, c.full
}

// node translates s, or returns its translation if it has one already.
func (c *fastCompiler) node(s *jsonschema.Schema) *fastNode {
	if s == nil {
		return nil
	}
	if n, ok := c.nodes[s]; ok {
		return n
	}
	n := &fastNode{}
	c.nodes[s] = n
	if !supported(s) || !c.fill(n, s) {
		*n = fastNode{unsupported: true}
		c.full = false
	}
	return n
}

// fill copies s into n; false when a value is outside the subset.
func (c *fastCompiler) fill(n *fastNode, s *jsonschema.Schema) bool {
	n.always = s.Always
	for _, t := range s.Types {
		k, ok := kindNames[t]
		if !ok {
			return false
		}
		n.types |= k
	}
	n.consts, n.enum = s.Constant, s.Enum
	n.minProps, n.maxProps, n.required = s.MinProperties, s.MaxProperties, s.Required
	n.propIndex = map[string]bool{}
	for name, p := range s.Properties {
		n.props = append(n.props, fastProp{name, c.node(p)})
		n.propIndex[name] = true
	}
	for re, p := range s.PatternProperties {
		n.patterns = append(n.patterns, fastPattern{re, c.node(p)})
	}
	switch a := s.AdditionalProperties.(type) {
	case nil:
	case bool:
		n.addlSet, n.addlBool = true, a
	case *jsonschema.Schema:
		n.addlSet, n.addl = true, c.node(a)
	default:
		return false
	}
	n.propNames, n.dependentRequired = c.node(s.PropertyNames), s.DependentRequired
	n.minItems, n.maxItems, n.unique = s.MinItems, s.MaxItems, s.UniqueItems
	switch it := s.Items.(type) {
	case nil:
	case *jsonschema.Schema:
		n.itemsAll = c.node(it)
	case []*jsonschema.Schema:
		n.tuple = c.nodeList(it)
	default:
		return false
	}
	switch a := s.AdditionalItems.(type) {
	case nil:
	case bool:
		n.addItemsSet, n.addItemsBool = true, a
	case *jsonschema.Schema:
		n.addItems = c.node(a)
	default:
		return false
	}
	n.prefix, n.items2020 = c.nodeList(s.PrefixItems), c.node(s.Items2020)
	n.minLen, n.maxLen, n.pattern = s.MinLength, s.MaxLength, s.Pattern
	if !n.fillNumeric(s) {
		return false
	}
	n.ref, n.not = c.node(s.Ref), c.node(s.Not)
	n.allOf, n.anyOf, n.oneOf = c.nodeList(s.AllOf), c.nodeList(s.AnyOf), c.nodeList(s.OneOf)
	n.ifS, n.then, n.els = c.node(s.If), c.node(s.Then), c.node(s.Else)
	return true
}

// fillNumeric copies the number keywords; false for a bound without a
// short decimal expansion.
func (n *fastNode) fillNumeric(s *jsonschema.Schema) bool {
	for _, b := range []struct {
		r   *big.Rat
		dst **decimal
	}{{s.Minimum, &n.minimum}, {s.Maximum, &n.maximum}, {s.ExclusiveMinimum, &n.exclusiveMin}, {s.ExclusiveMaximum, &n.exclusiveMax}} {
		if b.r == nil {
			continue
		}
		d, ok := ratDecimal(b.r)
		if !ok {
			return false
		}
		*b.dst, n.numeric = &d, true
	}
	if s.MultipleOf != nil {
		if s.MultipleOf.Sign() == 0 {
			return false
		}
		n.multipleOf, n.numeric = s.MultipleOf, true
	}
	return true
}

// nodeList translates the schemas of an applicator list.
func (c *fastCompiler) nodeList(ss []*jsonschema.Schema) []*fastNode {
	var out []*fastNode
	for _, s := range ss {
		out = append(out, c.node(s))
	}
	return out
}
