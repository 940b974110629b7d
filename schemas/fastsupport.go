package schemas

import (
	"reflect"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// What the fast path may judge: the keywords it mirrors, and schemas
// without in-place cycles.

// schemaFields sorts every field of jsonschema.Schema: the ones fastNode
// mirrors or that do not affect validation ("ok"), and the ones that must
// hold their zero value ("zero"), or their "not set" value. A field the
// library adds in a later version is in neither list and makes every schema
// unsupported until it is sorted here.
var schemaFields = map[string]string{
	// Identity, compile-time and annotation fields.
	"Location": "ok", "Draft": "ok", "meta": "ok", "vocab": "ok", "dynamicAnchors": "ok",
	"RecursiveAnchor": "ok", "DynamicAnchor": "ok", "dynamicRefAnchor": "ok", "enumError": "ok",
	"Title": "ok", "Description": "ok", "Default": "ok", "Comment": "ok", "ReadOnly": "ok",
	"WriteOnly": "ok", "Examples": "ok", "Deprecated": "ok",
	// Not asserted unless their functions are set (checked as "zero").
	"Format": "ok", "ContentEncoding": "ok", "ContentMediaType": "ok", "ContentSchema": "ok",
	"format": "zero", "decoder": "zero", "mediaType": "zero",
	// Mirrored.
	"Always": "ok", "Ref": "ok", "Types": "ok", "Constant": "ok", "Enum": "ok", "Not": "ok",
	"AllOf": "ok", "AnyOf": "ok", "OneOf": "ok", "If": "ok", "Then": "ok", "Else": "ok",
	"MinProperties": "ok", "MaxProperties": "ok", "Required": "ok", "Properties": "ok",
	"PropertyNames": "ok", "PatternProperties": "ok", "AdditionalProperties": "ok",
	"DependentRequired": "ok", "MinItems": "ok", "MaxItems": "ok", "UniqueItems": "ok",
	"Items": "ok", "AdditionalItems": "ok", "PrefixItems": "ok", "Items2020": "ok",
	"MinLength": "ok", "MaxLength": "ok", "Pattern": "ok", "Minimum": "ok",
	"ExclusiveMinimum": "ok", "Maximum": "ok", "ExclusiveMaximum": "ok", "MultipleOf": "ok",
	// Outside the subset.
	"RecursiveRef": "zero", "DynamicRef": "zero", "RegexProperties": "zero", "Dependencies": "zero",
	"DependentSchemas": "zero", "UnevaluatedProperties": "zero", "Contains": "zero",
	"UnevaluatedItems": "zero", "Extensions": "zero",
	// Meaningful only with Contains.
	"ContainsEval": "ok", "MinContains": "ok", "MaxContains": "ok",
}

// supported reports whether s uses only keywords fastNode mirrors. It reads
// unexported fields through reflection (only to test them for zero), since
// whether "format" asserts depends on the draft, the compiler settings and
// the metaschema's vocabularies, and the library records only the outcome.
func supported(s *jsonschema.Schema) bool {
	v := reflect.ValueOf(s).Elem()
	for i := range v.NumField() {
		switch schemaFields[v.Type().Field(i).Name] {
		case "ok":
		case "zero":
			if !v.Field(i).IsZero() {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// hasInPlaceCycle reports whether any node reachable from root reaches
// itself through applicators that keep the instance ($ref, not, allOf,
// anyOf, oneOf, if/then/else). The library fails such schemas with an
// infinite-loop error when it gets there, so the fast path must not judge
// them.
func hasInPlaceCycle(root *fastNode) bool {
	state := map[*fastNode]int{} // 1 on the stack, 2 done
	for _, n := range reachable(root) {
		if inPlaceCycle(n, state) {
			return true
		}
	}
	return false
}

func inPlaceCycle(n *fastNode, state map[*fastNode]int) bool {
	if n == nil || state[n] == 2 {
		return false
	}
	if state[n] == 1 {
		return true
	}
	state[n] = 1
	for _, m := range n.inPlace() {
		if inPlaceCycle(m, state) {
			return true
		}
	}
	state[n] = 2
	return false
}

func (n *fastNode) inPlace() []*fastNode {
	out := append([]*fastNode{n.ref, n.not, n.ifS, n.then, n.els}, n.allOf...)
	return append(append(out, n.anyOf...), n.oneOf...)
}

// reachable lists every node reachable from root by any edge.
func reachable(root *fastNode) []*fastNode {
	seen := map[*fastNode]bool{}
	var out []*fastNode
	var walk func(n *fastNode)
	walk = func(n *fastNode) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		out = append(out, n)
		next := append(n.inPlace(), n.addl, n.propNames, n.itemsAll, n.addItems, n.items2020)
		next = append(append(next, n.tuple...), n.prefix...)
		for _, p := range n.props {
			next = append(next, p.node)
		}
		for _, p := range n.patterns {
			next = append(next, p.node)
		}
		for _, m := range next {
			walk(m)
		}
	}
	walk(root)
	return out
}
