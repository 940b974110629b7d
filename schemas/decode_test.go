package schemas

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// jsonSamples are bodies DecodeJSON must decode exactly as encoding/json
// does: some in scanJSON's subset, some (marked) outside it.
var jsonSamples = []struct {
	body    string
	scanned bool // within scanJSON's subset
}{
	{typicalProblem, true},
	{`{"error":"bad_request","message":"id must be a number","status":400}`, true},
	{` {"a":[1,-2.5e+3,0,-0,1E2,true,false,null,{},[],""]} ` + "\n", true},
	{`{"a":1,"a":2}`, true},
	{`{"k\"\\\/\b\f\n\r\t\u00e9\u0000\uFFFF":"é€😀"}`, true},
	{`[]`, true},
	{`"x"`, true},
	{`123`, true},
	{`null`, true},
	{strings.Repeat("[", 200) + strings.Repeat("]", 200), true},
	{strings.Repeat("[", 300) + strings.Repeat("]", 300), false},
	{`{"a":"\ud83d\ude00"}`, false},
	{`{"a":"\udead"}`, false},
	{"{\"a\":\"\xff\"}", false},
	{`{"a":1}}`, false},
	{`{"a":1}]`, false},
	{`{"a":1} {"b":2}`, false},
	{`123abc`, false},
	{`01`, false},
	{`truex`, false},
	{`{"a":1,}`, false},
	{`[1,]`, false},
	{`{"a" 1}`, false},
	{`{"a":01}`, false},
	{`{"a":1.}`, false},
	{`{"a":-}`, false},
	{`{"a":1e}`, false},
	{`{"a":"\x"}`, false},
	{`{"a":"\u12"}`, false},
	{"{\"a\":\"\x01\"}", false},
	{"\xef\xbb\xbf{}", false},
	{`{"a":tru}`, false},
	{`{"a"`, false},
	{``, false},
	{`   `, false},
	{"<html><body>Not Found</body></html>", false},
}

func TestDecodeJSONMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, c := range jsonSamples {
		_, scanned := scanJSON([]byte(c.body))
		if scanned != c.scanned {
			t.Errorf("scanJSON(%.40q) ok = %v, want %v", c.body, scanned, c.scanned)
		}
		sameAsStd(t, []byte(c.body))
	}
}

// sameAsStd fails t unless DecodeJSON and encoding/json agree on body:
// the same value, or the same error message.
func sameAsStd(t *testing.T, body []byte) {
	t.Helper()
	got, gotErr := DecodeJSON(body)
	want, wantErr := decodeStd(body)
	switch {
	case (gotErr == nil) != (wantErr == nil):
		t.Fatalf("DecodeJSON(%.60q) error = %v, encoding/json says %v", body, gotErr, wantErr)
	case gotErr != nil && gotErr.Error() != wantErr.Error():
		t.Fatalf("DecodeJSON(%.60q) error %q, encoding/json says %q", body, gotErr, wantErr)
	case !reflect.DeepEqual(got, want):
		t.Fatalf("DecodeJSON(%.60q) = %#v, encoding/json says %#v", body, got, want)
	}
}

// FuzzDecodeJSON: DecodeJSON is encoding/json with UseNumber, value for
// value and error for error.
func FuzzDecodeJSON(f *testing.F) {
	for _, c := range jsonSamples {
		f.Add([]byte(c.body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		sameAsStd(t, body)
		if doc, ok := scanJSON(body); ok {
			want, err := decodeStd(body)
			if err != nil || !reflect.DeepEqual(doc, want) {
				t.Fatalf("scanJSON accepted %q as %#v; encoding/json says %#v, %v", body, doc, want, err)
			}
		}
	})
}

func TestDecodeJSONNumbers(t *testing.T) {
	t.Parallel()
	doc, err := DecodeJSON([]byte(`{"status":400,"n":-1.5e3}`))
	if err != nil {
		t.Fatal(err)
	}
	obj := doc.(map[string]any)
	if obj["status"] != json.Number("400") || obj["n"] != json.Number("-1.5e3") {
		t.Fatalf("numbers decoded as %#v", obj)
	}
}

// TestPlainASCII8 checks the word-at-a-time test against a byte loop, for
// every byte value in every position and for random words.
func TestPlainASCII8(t *testing.T) {
	t.Parallel()
	ref := func(x uint64) bool {
		for i := 0; i < 8; i++ {
			c := byte(x >> (8 * i))
			if c == '"' || c == '\\' || c < 0x20 || c >= 0x80 {
				return false
			}
		}
		return true
	}
	base := uint64(0x6161616161616161) // "aaaaaaaa"
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			x := base&^(0xff<<(8*pos)) | uint64(c)<<(8*pos)
			if plainASCII8(x) != ref(x) {
				t.Fatalf("plainASCII8(%#x) = %v", x, !ref(x))
			}
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 1_000_000 {
		x := r.Uint64()
		if r.IntN(2) == 0 {
			x &= 0x7f7f7f7f7f7f7f7f // mostly ASCII, so both answers occur
		}
		if plainASCII8(x) != ref(x) {
			t.Fatalf("plainASCII8(%#x) = %v", x, !ref(x))
		}
	}
}

func benchDecode(b *testing.B, decode func([]byte) (any, error), body []byte) {
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decode(body); err != nil {
			b.Fatal(err)
		}
	}
}

var largeJSON = []byte(`{"title":"Bad Request","status":400,"detail":"` + strings.Repeat("The request could not be understood. ", 28000) + `"}`)

// BenchmarkDecodeJSON compares DecodeJSON with encoding/json on a typical
// problem body and on a 1 MiB one.
func BenchmarkDecodeJSON(b *testing.B) {
	b.Run("typical", func(b *testing.B) { benchDecode(b, DecodeJSON, []byte(typicalProblem)) })
	b.Run("typical-std", func(b *testing.B) { benchDecode(b, decodeStd, []byte(typicalProblem)) })
	b.Run("large", func(b *testing.B) { benchDecode(b, DecodeJSON, largeJSON) })
	b.Run("large-std", func(b *testing.B) { benchDecode(b, decodeStd, largeJSON) })
}

// typicalProblem is a ~200-byte RFC 9457 problem document, the answer to
// most probes of a well-behaved API.
const typicalProblem = `{"type":"https://example.com/problems/validation","title":"Bad Request",` +
	`"status":400,"detail":"The request could not be understood: a parameter is missing or malformed.",` +
	`"instance":"/bench"}`
