package schemas

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestFastAgreesRandom compares the fast path with the library on random
// schemas built from every supported keyword (and a few unsupported ones)
// and random documents built from the same names and numbers, so that the
// two meet often. It is deterministic; FuzzFastAgrees explores further.
func TestFastAgreesRandom(t *testing.T) {
	t.Parallel()
	rounds := 3000
	if testing.Short() {
		rounds = 300
	}
	r := rand.New(rand.NewPCG(1, 2))
	decided := 0
	for i := range rounds {
		src := randSchema(r, 3)
		s, err := testSchema(src)
		if err != nil {
			continue // e.g. an invalid regexp
		}
		for range 8 {
			doc := randValue(r, 3)
			v, err := decodeNumber([]byte(doc))
			if err != nil {
				t.Fatalf("round %d: bad document %s: %v", i, doc, err)
			}
			if agree(t, s, v, src+" with "+doc) != unsure {
				decided++
			}
		}
	}
	if decided < rounds*8/2 {
		t.Errorf("the fast path decided only %d of %d cases", decided, rounds*8)
	}
}

var (
	randNames   = []string{"a", "b", "status", "x-c"}
	randNumbers = []string{"0", "1", "-1", "1.5", "2", "400", "4e2", "400.0", "0.1", "1e400", "599.5"}
	randStrings = []string{`""`, `"a"`, `"ab"`, `"é"`, `"abc"`, `"1"`}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func randValue(r *rand.Rand, depth int) string {
	n := 6
	if depth == 0 {
		n = 4
	}
	switch r.IntN(n) {
	case 0:
		return pick(r, []string{"null", "true", "false"})
	case 1:
		return pick(r, randNumbers)
	case 2, 3:
		return pick(r, randStrings)
	case 4:
		items := make([]string, r.IntN(4))
		for i := range items {
			items[i] = randValue(r, depth-1)
		}
		return "[" + strings.Join(items, ",") + "]"
	}
	var members []string
	for _, name := range randNames {
		if r.IntN(2) == 0 {
			members = append(members, fmt.Sprintf("%q:%s", name, randValue(r, depth-1)))
		}
	}
	return "{" + strings.Join(members, ",") + "}"
}

// randSchema returns a schema with one to three random keywords.
func randSchema(r *rand.Rand, depth int) string {
	if depth == 0 || r.IntN(8) == 0 {
		return pick(r, []string{`true`, `false`, `{}`, `{"type":"string"}`, `{"type":"integer"}`})
	}
	kws := map[string]string{}
	for range 1 + r.IntN(3) {
		k, v := randKeyword(r, depth-1)
		kws[k] = v
	}
	var parts []string
	for k, v := range kws {
		parts = append(parts, fmt.Sprintf("%q:%s", k, v))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func randKeyword(r *rand.Rand, depth int) (string, string) {
	sub := func() string { return randSchema(r, depth) }
	list := func() string { return "[" + sub() + "," + sub() + "]" }
	names := func() string {
		b, _ := json.Marshal([]string{pick(r, randNames), pick(r, randNames)})
		return string(b)
	}
	switch r.IntN(24) {
	case 0:
		return "type", pick(r, []string{`"object"`, `"integer"`, `["string","null"]`, `["integer","number"]`, `"array"`, `"number"`})
	case 1:
		return "const", randValue(r, 1)
	case 2:
		return "enum", "[" + randValue(r, 1) + "," + randValue(r, 0) + "]"
	case 3:
		return "required", names()
	case 4:
		return "properties", fmt.Sprintf(`{%q:%s,%q:%s}`, pick(r, randNames), sub(), pick(r, randNames), sub())
	case 5:
		return "additionalProperties", sub()
	case 6:
		return "patternProperties", fmt.Sprintf(`{"^x-":%s}`, sub())
	case 7:
		return "propertyNames", `{"maxLength":1}`
	case 8:
		return pick(r, []string{"minProperties", "maxProperties", "minItems", "maxItems", "minLength", "maxLength"}), fmt.Sprint(r.IntN(3))
	case 9:
		return "items", sub()
	case 10:
		return "prefixItems", list()
	case 11:
		return "uniqueItems", "true"
	case 12:
		return "pattern", `"^a"`
	case 13:
		return pick(r, []string{"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}), pick(r, randNumbers[:9])
	case 14:
		return "multipleOf", pick(r, []string{"0.5", "2", "1e-2"})
	case 15:
		return "not", sub()
	case 16:
		return "allOf", list()
	case 17:
		return "anyOf", list()
	case 18:
		return "oneOf", list()
	case 19:
		return "if", sub()
	case 20:
		return pick(r, []string{"then", "else"}), sub()
	case 21:
		return "dependentRequired", fmt.Sprintf(`{%q:%s}`, pick(r, randNames), names())
	case 22:
		return pick(r, []string{"contains", "unevaluatedProperties", "dependentSchemas"}), sub()
	}
	return "$ref", `"#/properties/a"`
}
