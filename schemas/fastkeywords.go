package schemas

import (
	"encoding/json"
	"math/big"
	"unicode/utf8"
)

// object mirrors the object keywords.
func (n *fastNode) object(o map[string]any) verdict {
	r := valid
	if n.minProps != -1 && len(o) < n.minProps || n.maxProps != -1 && len(o) > n.maxProps {
		r = invalid
	}
	for _, name := range n.required {
		if _, ok := o[name]; !ok {
			r = max(r, invalid)
		}
	}
	for _, p := range n.props {
		if pv, ok := o[p.name]; ok {
			r = max(r, p.node.eval(pv))
		}
	}
	if n.propNames != nil {
		for name := range o {
			r = max(r, n.propNames.eval(name))
		}
	}
	if len(n.patterns) > 0 || n.addlSet {
		for name, pv := range o {
			r = max(r, n.additional(name, pv))
		}
	}
	for name, deps := range n.dependentRequired {
		if _, ok := o[name]; ok {
			for _, d := range deps {
				if _, ok := o[d]; !ok {
					r = max(r, invalid)
				}
			}
		}
	}
	return r
}

// additional mirrors patternProperties and additionalProperties for one
// member: it is additional when no property or pattern names it.
func (n *fastNode) additional(name string, pv any) verdict {
	r, named := valid, n.propIndex[name]
	for _, p := range n.patterns {
		if p.re.MatchString(name) {
			named = true
			r = max(r, p.node.eval(pv))
		}
	}
	switch {
	case named || !n.addlSet:
	case n.addl != nil:
		r = max(r, n.addl.eval(pv))
	case !n.addlBool:
		r = max(r, invalid)
	}
	return r
}

// array mirrors the array keywords.
func (n *fastNode) array(a []any) verdict {
	r := valid
	if n.minItems != -1 && len(a) < n.minItems || n.maxItems != -1 && len(a) > n.maxItems {
		r = invalid
	}
	if n.unique {
		r = max(r, unique(a))
	}
	if n.itemsAll != nil {
		for _, item := range a {
			r = max(r, n.itemsAll.eval(item))
		}
	}
	if n.tuple != nil {
		for i, item := range a {
			if i < len(n.tuple) {
				r = max(r, n.tuple[i].eval(item))
			} else if n.addItems != nil {
				r = max(r, n.addItems.eval(item))
			} else {
				break
			}
		}
		if n.addItemsSet && !n.addItemsBool && len(a) > len(n.tuple) {
			r = max(r, invalid)
		}
	}
	for i, item := range a {
		if i < len(n.prefix) {
			r = max(r, n.prefix[i].eval(item))
		} else if n.items2020 != nil {
			r = max(r, n.items2020.eval(item))
		} else {
			break
		}
	}
	return r
}

// unique mirrors uniqueItems: invalid when two items are equal.
func unique(a []any) verdict {
	if len(a) > uniqueMax {
		return unsure
	}
	r := valid
	for i := 1; i < len(a); i++ {
		for j := range i {
			r = max(r, negate(equal(a[i], a[j])))
		}
	}
	return r
}

// str mirrors minLength, maxLength and pattern.
func (n *fastNode) str(s string) verdict {
	if n.minLen != -1 || n.maxLen != -1 {
		l := utf8.RuneCountInString(s)
		if n.minLen != -1 && l < n.minLen || n.maxLen != -1 && l > n.maxLen {
			return invalid
		}
	}
	if n.pattern != nil && !n.pattern.MatchString(s) {
		return invalid
	}
	return valid
}

// number mirrors the five number keywords.
func (n *fastNode) number(x json.Number) verdict {
	d, ok := parseDecimal(string(x))
	if !ok {
		return unsure
	}
	if n.minimum != nil && cmpDecimal(d, *n.minimum) < 0 ||
		n.exclusiveMin != nil && cmpDecimal(d, *n.exclusiveMin) <= 0 ||
		n.maximum != nil && cmpDecimal(d, *n.maximum) > 0 ||
		n.exclusiveMax != nil && cmpDecimal(d, *n.exclusiveMax) >= 0 {
		return invalid
	}
	if n.multipleOf != nil {
		// Rare in error schemas; math/big as the library does it.
		num, ok := new(big.Rat).SetString(string(x))
		if !ok {
			return unsure
		}
		if !new(big.Rat).Quo(num, n.multipleOf).IsInt() {
			return invalid
		}
	}
	return valid
}

// inPlaceEval mirrors the applicators that keep the instance.
func (n *fastNode) inPlaceEval(v any) verdict {
	r := valid
	if n.ref != nil {
		r = n.ref.eval(v)
	}
	if n.not != nil {
		r = max(r, negate(n.not.eval(v)))
	}
	for _, s := range n.allOf {
		r = max(r, s.eval(v))
	}
	if len(n.anyOf) > 0 {
		r = max(r, n.anyOfEval(v))
	}
	if len(n.oneOf) > 0 {
		r = max(r, n.oneOfEval(v))
	}
	if n.ifS != nil {
		r = max(r, n.ifEval(v))
	}
	return r
}

// anyOfEval: the library tries every branch, so unsure anywhere is unsure.
func (n *fastNode) anyOfEval(v any) verdict {
	matched, r := false, invalid
	for _, s := range n.anyOf {
		switch s.eval(v) {
		case valid:
			matched = true
		case unsure:
			r = unsure
		}
	}
	if r == unsure {
		return unsure
	}
	if matched {
		return valid
	}
	return invalid
}

// oneOfEval: the library stops at the second matching branch.
func (n *fastNode) oneOfEval(v any) verdict {
	matched := 0
	for _, s := range n.oneOf {
		switch s.eval(v) {
		case valid:
			if matched++; matched == 2 {
				return invalid
			}
		case unsure:
			return unsure
		}
	}
	if matched == 1 {
		return valid
	}
	return invalid
}

func (n *fastNode) ifEval(v any) verdict {
	branch := n.els
	switch n.ifS.eval(v) {
	case unsure:
		return unsure
	case valid:
		branch = n.then
	}
	if branch == nil {
		return valid
	}
	return branch.eval(v)
}
