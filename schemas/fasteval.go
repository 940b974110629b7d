package schemas

import "encoding/json"

// The evaluator mirrors jsonschema v5's (*Schema).validate keyword by
// keyword. It must say valid only when the library would: it evaluates
// every keyword the library evaluates (no early exit, since the library
// can panic on a later one, for example on a number beyond math/big's
// range), and says unsure on anything it cannot decide exactly. Its
// invalid is exact too, because not, oneOf and if turn it into valid.

// uniqueMax bounds the arrays whose uniqueItems the fast path decides; it
// compares pairwise.
const uniqueMax = 64

// eval judges v, a value decoded with json.Decoder.UseNumber.
func (n *fastNode) eval(v any) verdict {
	if n.unsupported {
		return unsure
	}
	if n.always != nil {
		if *n.always {
			return valid
		}
		return invalid
	}
	k := kindOf(v)
	if n.types != 0 {
		// The library returns at once when the type does not match.
		if r := n.typeOK(k, v); r != valid {
			return r
		}
	}
	r := valid
	if len(n.consts) > 0 {
		r = max(r, equal(v, n.consts[0]))
	}
	if len(n.enum) > 0 {
		r = max(r, n.inEnum(v))
	}
	switch x := v.(type) {
	case map[string]any:
		r = max(r, n.object(x))
	case []any:
		r = max(r, n.array(x))
	case string:
		r = max(r, n.str(x))
	case json.Number:
		if n.numeric {
			r = max(r, n.number(x))
		}
	default:
		if k == 0 && n.numeric {
			return unsure // a Go number type the library reads with fmt.Sprint
		}
	}
	return max(r, n.inPlaceEval(v))
}

func kindOf(v any) kind {
	switch v.(type) {
	case nil:
		return kindNull
	case bool:
		return kindBoolean
	case json.Number:
		return kindNumber
	case string:
		return kindString
	case []any:
		return kindArray
	case map[string]any:
		return kindObject
	}
	return 0 // not a value json.Decoder produces with UseNumber
}

// typeOK mirrors "type". The library parses a number as soon as it meets
// "integer" in the list, so an unparsable number is unsure even when
// "number" is listed too.
func (n *fastNode) typeOK(k kind, v any) verdict {
	if k == 0 {
		return unsure
	}
	if k == kindNumber && n.types&kindInteger != 0 {
		d, ok := parseDecimal(string(v.(json.Number)))
		if !ok {
			return unsure
		}
		if n.types&kindNumber != 0 || d.isInt() {
			return valid
		}
		return invalid
	}
	if n.types&k != 0 {
		return valid
	}
	return invalid
}

func negate(r verdict) verdict {
	switch r {
	case valid:
		return invalid
	case invalid:
		return valid
	}
	return unsure
}

// inEnum mirrors "enum": the library stops at the first equal item.
func (n *fastNode) inEnum(v any) verdict {
	for _, item := range n.enum {
		switch equal(v, item) {
		case valid:
			return valid
		case unsure:
			return unsure
		}
	}
	return invalid
}

// equal mirrors the library's equals: valid when equal, invalid when not.
func equal(a, b any) verdict {
	ka, kb := kindOf(a), kindOf(b)
	if ka == 0 || kb == 0 {
		return unsure
	}
	if ka != kb {
		return invalid
	}
	switch x := a.(type) {
	case json.Number:
		da, ok1 := parseDecimal(string(x))
		db, ok2 := parseDecimal(string(b.(json.Number)))
		if !ok1 || !ok2 {
			return unsure
		}
		if cmpDecimal(da, db) == 0 {
			return valid
		}
		return invalid
	case []any:
		return equalArrays(x, b.([]any))
	case map[string]any:
		return equalObjects(x, b.(map[string]any))
	}
	if a == b {
		return valid
	}
	return invalid
}

// equalArrays and equalObjects compare every member, so that a member the
// library may fail on makes the answer unsure whatever the order.
func equalArrays(x, y []any) verdict {
	if len(x) != len(y) {
		return invalid
	}
	r := valid
	for i := range x {
		r = max(r, equal(x[i], y[i]))
	}
	return r
}

func equalObjects(x, y map[string]any) verdict {
	if len(x) != len(y) {
		return invalid
	}
	r := valid
	for k, xv := range x {
		if yv, ok := y[k]; ok {
			r = max(r, equal(xv, yv))
		} else {
			r = max(r, invalid)
		}
	}
	return r
}
