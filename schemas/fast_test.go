package schemas

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// testSchema compiles src as Compile does, except that it refuses every
// $ref outside the document (fuzzed schemas must not open local files).
func testSchema(src string) (*Schema, error) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.LoadURL = func(string) (io.ReadCloser, error) { return nil, errors.New("no loading in tests") }
	if err := c.AddResource("errprobe:///t.json", strings.NewReader(src)); err != nil {
		return nil, err
	}
	s, err := c.Compile("errprobe:///t.json")
	if err != nil {
		return nil, err
	}
	return wrap(s), nil
}

func decodeNumber(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// libraryValid is the library's answer; a panic counts as "not valid".
func libraryValid(s *Schema, v any) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return s.s.Validate(v) == nil
}

func fastVerdict(s *Schema, v any) verdict {
	if s.fast == nil {
		return unsure
	}
	return s.fast.eval(v)
}

// agree fails t when the fast path contradicts the library.
func agree(t *testing.T, s *Schema, v any, what string) verdict {
	t.Helper()
	got, lib := fastVerdict(s, v), libraryValid(s, v)
	if got == valid && !lib || got == invalid && lib {
		t.Fatalf("%s: fast path says %s, the library says valid=%v", what, verdictNames[got], lib)
	}
	return got
}

var verdictNames = map[verdict]string{valid: "valid", invalid: "invalid", unsure: "unsure"}

const (
	draft7    = `"$schema":"http://json-schema.org/draft-07/schema#",`
	draft2020 = `"$schema":"https://json-schema.org/draft/2020-12/schema",`
)

var fastCases = []struct {
	schema, doc, want string
}{
	{`{"type":"integer","minimum":100,"maximum":599}`, `400`, "valid"},
	{`{"type":"integer","minimum":100,"maximum":599}`, `400.0`, "valid"},
	{`{"type":"integer","minimum":100,"maximum":599}`, `4e2`, "valid"},
	{`{"type":"integer","minimum":100,"maximum":599}`, `99`, "invalid"},
	{`{"type":"integer","minimum":100,"maximum":599}`, `"400"`, "invalid"},
	{`{"type":"integer","minimum":100,"maximum":599}`, `400.5`, "invalid"},
	{`{"type":"integer"}`, `1e10000000`, "unsure"},
	{`{"type":["number","integer"]}`, `1e10000000`, "unsure"},
	{`{"type":"number"}`, `1e10000000`, "valid"},
	{`{"type":"integer"}`, `15e-1`, "invalid"},
	{`{"type":["string","null"]}`, `null`, "valid"},
	{`{"type":["string","null"]}`, `false`, "invalid"},
	{`{"const":{"a":[1,2.0]}}`, `{"a":[1.0,2]}`, "valid"},
	{`{"const":{"a":[1,2.0]}}`, `{"a":[1.0,2],"b":1}`, "invalid"},
	{`{"enum":["x",1,null]}`, `null`, "valid"},
	{`{"enum":["x",1,null]}`, `1.00`, "valid"},
	{`{"enum":["x",1,null]}`, `"y"`, "invalid"},
	{`{"required":["a"],"properties":{"a":{"type":"string","minLength":2,"maxLength":3}}}`, `{"a":"é"}`, "invalid"},
	{`{"required":["a"],"properties":{"a":{"type":"string","minLength":2,"maxLength":3}}}`, `{"a":"éé"}`, "valid"},
	{`{"required":["a"],"properties":{"a":{"type":"string","minLength":2,"maxLength":3}}}`, `{"b":"éé"}`, "invalid"},
	{`{"additionalProperties":false,"properties":{"a":{}},"patternProperties":{"^x-":{"type":"string"}}}`, `{"a":1,"x-y":"s"}`, "valid"},
	{`{"additionalProperties":false,"properties":{"a":{}},"patternProperties":{"^x-":{"type":"string"}}}`, `{"a":1,"x-y":2}`, "invalid"},
	{`{"additionalProperties":false,"properties":{"a":{}},"patternProperties":{"^x-":{"type":"string"}}}`, `{"b":1}`, "invalid"},
	{`{"additionalProperties":{"type":"number"},"properties":{"a":{}}}`, `{"a":"x","b":2}`, "valid"},
	{`{"additionalProperties":{"type":"number"},"properties":{"a":{}}}`, `{"a":1,"b":"x"}`, "invalid"},
	{`{"propertyNames":{"maxLength":3},"minProperties":1,"maxProperties":2}`, `{"abc":1}`, "valid"},
	{`{"propertyNames":{"maxLength":3},"minProperties":1,"maxProperties":2}`, `{"abcd":1}`, "invalid"},
	{`{"propertyNames":{"maxLength":3},"minProperties":1,"maxProperties":2}`, `{}`, "invalid"},
	{`{"dependentRequired":{"a":["b"]}}`, `{"a":1}`, "invalid"},
	{`{"dependentRequired":{"a":["b"]}}`, `{"a":1,"b":2}`, "valid"},
	{`{"prefixItems":[{"type":"string"}],"items":{"type":"integer"},"minItems":1,"maxItems":3}`, `["a",1,2]`, "valid"},
	{`{"prefixItems":[{"type":"string"}],"items":{"type":"integer"},"minItems":1,"maxItems":3}`, `["a",1.5]`, "invalid"},
	{`{"prefixItems":[{"type":"string"}],"items":{"type":"integer"},"minItems":1,"maxItems":3}`, `[]`, "invalid"},
	{`{"uniqueItems":true}`, `[1,"1",{"a":1}]`, "valid"},
	{`{"uniqueItems":true}`, `[1,"1",1.0]`, "invalid"},
	{`{"pattern":"^a+$"}`, `"aaa"`, "valid"},
	{`{"pattern":"^a+$"}`, `"ab"`, "invalid"},
	{`{"minimum":1.5,"exclusiveMaximum":10,"multipleOf":0.5}`, `2`, "valid"},
	{`{"minimum":1.5,"exclusiveMaximum":10,"multipleOf":0.5}`, `10`, "invalid"},
	{`{"minimum":1.5,"exclusiveMaximum":10,"multipleOf":0.5}`, `1.75`, "invalid"},
	{`{"exclusiveMinimum":0}`, `0`, "invalid"},
	{`{"not":{"type":"string"}}`, `1`, "valid"},
	{`{"not":{"type":"string"}}`, `"x"`, "invalid"},
	{`{"oneOf":[{"type":"integer"},{"type":"number"}]}`, `1`, "invalid"},
	{`{"oneOf":[{"type":"integer"},{"type":"number"}]}`, `1.5`, "valid"},
	{`{"anyOf":[{"type":"string"},{"minimum":5}]}`, `4`, "invalid"},
	{`{"anyOf":[{"type":"string"},{"minimum":5}]}`, `"x"`, "valid"},
	{`{"anyOf":[{"type":"string"},{"type":"integer"}]}`, `1e10000000`, "unsure"},
	{`{"if":{"required":["a"]},"then":{"required":["b"]},"else":{"required":["c"]}}`, `{"a":1,"b":1}`, "valid"},
	{`{"if":{"required":["a"]},"then":{"required":["b"]},"else":{"required":["c"]}}`, `{"a":1,"c":1}`, "invalid"},
	{`{"if":{"required":["a"]},"then":{"required":["b"]},"else":{"required":["c"]}}`, `{"c":1}`, "valid"},
	{`{"$defs":{"n":{"type":"object","properties":{"next":{"$ref":"#/$defs/n"}}}},"$ref":"#/$defs/n"}`, `{"next":{"next":{}}}`, "valid"},
	{`{"$defs":{"n":{"type":"object","properties":{"next":{"$ref":"#/$defs/n"}}}},"$ref":"#/$defs/n"}`, `{"next":{"next":1}}`, "invalid"},
	{`{"allOf":[true,{"type":"object"}]}`, `{}`, "valid"},
	{`{"properties":{"a":false}}`, `{"a":1}`, "invalid"},
	// format asserts only without a 2020-12 $schema (the library then has
	// no metaschema vocabulary to consult); errprobe's schemas declare it.
	{`{` + draft2020 + `"type":"string","format":"email"}`, `"not an email"`, "valid"},
	{`{"type":"string","format":"email"}`, `"not an email"`, "unsure"},
	{`{"type":"string","contentEncoding":"base64"}`, `"!!"`, "valid"},
	{`{` + draft7 + `"format":"email"}`, `"x"`, "unsure"},
	{`{` + draft7 + `"items":[{"type":"string"}],"additionalItems":false}`, `["a"]`, "valid"},
	{`{` + draft7 + `"items":[{"type":"string"}],"additionalItems":false}`, `["a",1]`, "invalid"},
	{`{` + draft7 + `"items":[{"type":"string"}],"additionalItems":{"type":"integer"}}`, `["a",1]`, "valid"},
	{`{` + draft7 + `"items":{"type":"string"}}`, `["a",1]`, "invalid"},
	{`{"contains":{"type":"string"}}`, `["a"]`, "unsure"},
	{`{"unevaluatedProperties":false}`, `{}`, "unsure"},
	{`{"properties":{"a":{"unevaluatedProperties":false}}}`, `{"b":1}`, "valid"},
	{`{"properties":{"a":{"unevaluatedProperties":false}}}`, `{"a":{}}`, "unsure"},
}

// TestInPlaceCycle: the library refuses to compile the in-place cycles it
// knows; the fast path refuses any it is given, even one reached only
// through a property.
func TestInPlaceCycle(t *testing.T) {
	t.Parallel()
	a, b := &fastNode{}, &fastNode{}
	a.allOf, b.ref = []*fastNode{b}, a
	root := &fastNode{props: []fastProp{{"x", a}}}
	if !hasInPlaceCycle(root) {
		t.Error("cycle through a property not found")
	}
	list := &fastNode{}
	list.props = []fastProp{{"next", list}}
	if hasInPlaceCycle(&fastNode{ref: list}) {
		t.Error("a recursive list is no in-place cycle")
	}
}

func TestFastMatchesLibrary(t *testing.T) {
	t.Parallel()
	for _, c := range fastCases {
		s, err := testSchema(c.schema)
		if err != nil {
			t.Fatalf("%s: %v", c.schema, err)
		}
		v, err := decodeNumber([]byte(c.doc))
		if err != nil {
			t.Fatalf("%s: %v", c.doc, err)
		}
		what := c.schema + " with " + c.doc
		if got := agree(t, s, v, what); verdictNames[got] != c.want {
			t.Errorf("%s: fast path says %s, want %s", what, verdictNames[got], c.want)
		}
	}
}

// errorSchemas reads testdata/errorschemas.jsonl: the error-response schemas
// of public descriptions (see testdata/README.md), as errprobe converts them.
func errorSchemas(t testing.TB) []string {
	f, err := os.Open("testdata/errorschemas.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFastPathTaken: the fast path covers the built-in error schemas and
// every error schema of the sample descriptions, and answers valid for
// typical bodies. A fast path these never take would be dead weight.
func TestFastPathTaken(t *testing.T) {
	t.Parallel()
	for name, doc := range map[string]string{
		Problem:  `{"type":"https://example.com/probs/x","title":"Bad Request","status":400,"detail":"d","instance":"/x"}`,
		Simple:   `{"error":"bad_request","message":"id must be a number","status":400}`,
		Lenient:  `{"message":"id must be a number"}`,
		Baseline: ``,
		Report:   ``,
	} {
		s, err := Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		if !s.FastPath() {
			t.Errorf("built-in %s is not covered by the fast path", name)
		}
		if doc == "" {
			continue
		}
		v, _ := decodeNumber([]byte(doc))
		if got := agree(t, s, v, name); got != valid {
			t.Errorf("%s: fast path says %s for %s", name, verdictNames[got], doc)
		}
	}
	for i, src := range errorSchemas(t) {
		s, err := testSchema(src)
		if err != nil {
			t.Fatalf("errorschemas.jsonl:%d: %v", i+1, err)
		}
		if !s.FastPath() {
			t.Errorf("errorschemas.jsonl:%d is not covered by the fast path", i+1)
		}
	}
}

func TestValidateRecoversLibraryPanic(t *testing.T) {
	t.Parallel()
	s, err := Builtin(Problem)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := decodeNumber([]byte(`{"status":1e10000000}`))
	if fs := s.Validate(v); len(fs) != 1 || !strings.Contains(fs[0].Message, "could not be validated") {
		t.Fatalf("Validate = %+v, want one failure", fs)
	}
}
