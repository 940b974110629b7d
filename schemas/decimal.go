package schemas

import (
	"math/big"
	"strconv"
)

// decimal is an exact JSON number without allocation: the significant digits
// hi+lo (no leading or trailing zeros; none for zero) and point, so that the
// value is 0.hi lo × 10^point. hi and lo are substrings of the literal (the
// digits before and after its decimal point).
type decimal struct {
	neg    bool
	hi, lo string
	point  int
}

// decimalMaxExp bounds the exponents and lengths parseDecimal accepts. It is
// far inside math/big's limits (|exp| ≤ 1e6 in Rat.SetString), so every
// number parseDecimal accepts is one the library can compare too; larger
// ones are left to the library, which fails on them in its own way.
const decimalMaxExp = 100_000

// parseDecimal reads a JSON number literal. ok is false for anything else
// and for numbers beyond decimalMaxExp.
func parseDecimal(s string) (d decimal, ok bool) {
	if len(s) > decimalMaxExp {
		return d, false
	}
	i := 0
	if i < len(s) && s[i] == '-' {
		d.neg = true
		i++
	}
	start := i
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return d, false
	}
	intPart, frac := s[start:i], ""
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == fs {
			return d, false
		}
		frac = s[fs:i]
	}
	exp := 0
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		es := i
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i == len(s) || len(s)-i > 6 {
			return d, false
		}
		n, err := strconv.Atoi(s[es:])
		if err != nil || n > decimalMaxExp || n < -decimalMaxExp {
			return d, false
		}
		exp, i = n, len(s)
	}
	if i != len(s) {
		return d, false
	}
	return newDecimal(d.neg, intPart, frac, exp), true
}

// newDecimal normalises digits intPart.frac × 10^exp.
func newDecimal(neg bool, intPart, frac string, exp int) decimal {
	point := len(intPart) + exp
	for len(intPart) > 0 && intPart[0] == '0' {
		intPart, point = intPart[1:], point-1
	}
	if len(intPart) == 0 {
		for len(frac) > 0 && frac[0] == '0' {
			frac, point = frac[1:], point-1
		}
	}
	for len(frac) > 0 && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	if len(frac) == 0 {
		for len(intPart) > 0 && intPart[len(intPart)-1] == '0' {
			intPart = intPart[:len(intPart)-1]
		}
	}
	d := decimal{neg: neg, hi: intPart, lo: frac, point: point}
	if d.n() == 0 {
		return decimal{} // -0 is 0
	}
	return d
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (d decimal) n() int { return len(d.hi) + len(d.lo) }

func (d decimal) digit(i int) byte {
	if i < len(d.hi) {
		return d.hi[i]
	}
	return d.lo[i-len(d.hi)]
}

// isInt reports whether d is a whole number.
func (d decimal) isInt() bool { return d.n() <= d.point }

// cmpDecimal returns -1, 0 or 1 as a <, == or > b.
func cmpDecimal(a, b decimal) int {
	switch {
	case a.n() == 0 && b.n() == 0:
		return 0
	case a.n() == 0:
		return -sign(b.neg)
	case b.n() == 0 || a.neg != b.neg:
		return sign(a.neg)
	}
	c := cmpMagnitude(a, b)
	if a.neg {
		return -c
	}
	return c
}

func sign(neg bool) int {
	if neg {
		return -1
	}
	return 1
}

func cmpMagnitude(a, b decimal) int {
	if a.point != b.point {
		return cmpInt(a.point, b.point)
	}
	for i := 0; i < a.n() && i < b.n(); i++ {
		if x, y := a.digit(i), b.digit(i); x != y {
			return cmpInt(int(x), int(y))
		}
	}
	return cmpInt(a.n(), b.n())
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ratDecimal converts a schema's bound to a decimal; ok is false when r has
// no short finite decimal expansion.
func ratDecimal(r *big.Rat) (decimal, bool) {
	x := new(big.Rat).Set(r)
	ten := big.NewRat(10, 1)
	for k := 0; k <= 64; k++ {
		if x.IsInt() {
			s := x.Num().String()
			neg := s[0] == '-'
			if neg {
				s = s[1:]
			}
			if len(s) > decimalMaxExp {
				return decimal{}, false
			}
			return newDecimal(neg, s, "", -k), true
		}
		x.Mul(x, ten)
	}
	return decimal{}, false
}
