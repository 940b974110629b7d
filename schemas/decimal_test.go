package schemas

import (
	"encoding/json"
	"math/big"
	"testing"
)

var decimalLiterals = []string{
	"0", "-0", "0.0", "0e5", "1", "-1", "10", "100", "1e2", "1E+2", "100.000", "0.1", "0.10", "1e-1",
	"-0.5", "599", "599.0000000000000000001", "598.9999999999999999999", "5.99e2", "6e2", "99.5",
	"123456789012345678901234567890", "1.23456789012345678901234567891e29", "0.000001", "1e-6",
	"12.5e-1", "1.25", "-1e400", "1e400", "1e-400", "7", "0.7e1", "70e-1",
}

func TestDecimalMatchesRat(t *testing.T) {
	t.Parallel()
	for _, a := range decimalLiterals {
		da, ok := parseDecimal(a)
		if !ok {
			t.Fatalf("parseDecimal(%q) failed", a)
		}
		ra, _ := new(big.Rat).SetString(a)
		if da.isInt() != ra.IsInt() {
			t.Errorf("isInt(%s) = %v, math/big says %v", a, da.isInt(), ra.IsInt())
		}
		for _, b := range decimalLiterals {
			db, _ := parseDecimal(b)
			rb, _ := new(big.Rat).SetString(b)
			if got, want := cmpDecimal(da, db), ra.Cmp(rb); got != want {
				t.Errorf("cmp(%s, %s) = %d, math/big says %d", a, b, got, want)
			}
		}
	}
}

func TestParseDecimalRejects(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "-", "01", "1.", ".5", "+1", "1e", "1e+", "0x10", "1_000", "NaN", "1e100001",
		"1e-100001", "1e0000001", " 1", "1 ", "١", "1.5.5"} {
		if _, ok := parseDecimal(s); ok {
			t.Errorf("parseDecimal(%q) accepted", s)
		}
	}
}

func TestRatDecimal(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"100", "-3", "0.1", "2.5e-7", "599", "0"} {
		r, _ := new(big.Rat).SetString(s)
		d, ok := ratDecimal(r)
		want, _ := parseDecimal(s)
		if !ok || cmpDecimal(d, want) != 0 {
			t.Errorf("ratDecimal(%s) = %+v, %v; want %+v", s, d, ok, want)
		}
	}
	if _, ok := ratDecimal(big.NewRat(1, 3)); ok {
		t.Error("ratDecimal(1/3) has no finite decimal expansion")
	}
}

// FuzzDecimal: every literal parseDecimal accepts is a JSON number that
// math/big reads, and they agree on order and on being whole.
func FuzzDecimal(f *testing.F) {
	for i, s := range decimalLiterals {
		f.Add(s, decimalLiterals[(i+1)%len(decimalLiterals)])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		da, okA := parseDecimal(a)
		db, okB := parseDecimal(b)
		if okA {
			var n json.Number
			if json.Unmarshal([]byte(a), &n) != nil || string(n) != a {
				t.Fatalf("parseDecimal accepted %q, which is not a JSON number", a)
			}
		}
		if !okA || !okB {
			return
		}
		ra, ok1 := new(big.Rat).SetString(a)
		rb, ok2 := new(big.Rat).SetString(b)
		if !ok1 || !ok2 {
			t.Fatalf("math/big cannot read %q or %q", a, b)
		}
		if got, want := cmpDecimal(da, db), ra.Cmp(rb); got != want {
			t.Fatalf("cmp(%s, %s) = %d, math/big says %d", a, b, got, want)
		}
		if da.isInt() != ra.IsInt() {
			t.Fatalf("isInt(%s) = %v, math/big says %v", a, da.isInt(), ra.IsInt())
		}
	})
}
