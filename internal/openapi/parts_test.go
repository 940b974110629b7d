package openapi

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// partsSpecs are the v3 descriptions the parallel decode and validation
// are checked on: the feature fixture and every one in testdata/specs.
func partsSpecs(t *testing.T) []specFile {
	t.Helper()
	features := filepath.Join("testdata", "features.yaml")
	files := []specFile{{features, features}}
	for _, f := range testdataSpecs(t) {
		if data, err := os.ReadFile(f.path); err == nil && !isSwagger2(data) {
			files = append(files, f)
		}
	}
	return files
}

// TestDecodePartsMatchesDecode decodes every JSON description whole and in
// parts of one and of two entries (so that even small ones are split) and
// requires the same document.
func TestDecodePartsMatchesDecode(t *testing.T) {
	t.Parallel()
	for _, f := range partsSpecs(t) {
		data, err := os.ReadFile(f.path)
		if err != nil || !startsObject(data) {
			continue
		}
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			root, err := jsonNode(data)
			if err != nil {
				t.Fatal(err)
			}
			want := &openapi3.T{}
			if err := root.Decode(want); err != nil {
				t.Fatal(err)
			}
			for _, size := range []int{1, 2} {
				got, ok := decodeParts(root, size)
				if !ok {
					continue // no components.schemas, say: decoded whole
				}
				if !reflect.DeepEqual(want, got) {
					t.Errorf("parts of %d: document differs", size)
				}
			}
		})
	}
}

// TestDecodePartsDeclines lists trees decodeParts must leave to the whole
// decode.
func TestDecodePartsDeclines(t *testing.T) {
	t.Parallel()
	schemas := `"a":{"type":"string"},"b":{"type":"integer"}`
	paths := `"/a":{"get":{"responses":{"200":{"description":"x"}}}},"/b":{}`
	for name, doc := range map[string]string{
		"duplicate path":   `{"openapi":"3.0.0","paths":{` + paths + `,"/a":{}},"components":{"schemas":{` + schemas + `}}}`,
		"duplicate schema": `{"openapi":"3.0.0","paths":{` + paths + `},"components":{"schemas":{` + schemas + `,"a":{}}}}`,
		"duplicate top":    `{"openapi":"3.0.0","openapi":"3.0.1","paths":{` + paths + `},"components":{"schemas":{` + schemas + `}}}`,
		"no components":    `{"openapi":"3.0.0","paths":{` + paths + `}}`,
		"null paths":       `{"openapi":"3.0.0","paths":null,"components":{"schemas":{` + schemas + `}}}`,
		"bad part":         `{"openapi":"3.0.0","paths":{` + paths + `},"components":{"schemas":{` + schemas + `,"c":{"type":7}}}}`,
	} {
		root, err := jsonNode([]byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, ok := decodeParts(root, 1); ok {
			t.Errorf("%s: decoded in parts", name)
		}
	}
}

// TestValidInPartsAgrees requires validInParts never to clear a document
// doc.Validate faults, and to clear the large valid ones it is for.
func TestValidInPartsAgrees(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, f := range partsSpecs(t) {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(f.path)
			if err != nil {
				t.Fatal(err)
			}
			doc, _, err := parseV3(ctx, f.path, data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			full := doc.Validate(ctx, validationOptions...)
			got := validInParts(ctx, doc, 2, 1)
			if got && full != nil {
				t.Fatalf("validInParts cleared a document with %v", full)
			}
			if strings.Contains(f.name, "stripe") && !got {
				t.Errorf("validInParts did not clear Stripe's description (full validation: %v)", full)
			}
		})
	}
}

// TestValidInPartsFaults checks that problems the parts cannot see on
// their own, and problems inside one part, are not cleared.
func TestValidInPartsFaults(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	op := func(id, extra string) string {
		return `{"operationId":"` + id + `",` + extra + `"responses":{"200":{"description":"ok"}}}`
	}
	build := func(paths map[string]string) *openapi3.T {
		var b strings.Builder
		b.WriteString(`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{`)
		first := true
		for k, v := range paths {
			if !first {
				b.WriteByte(',')
			}
			first = false
			fmt.Fprintf(&b, "%q:{\"get\":%s}", k, v)
		}
		b.WriteString(`}}`)
		doc, _, err := parseV3(ctx, "t.json", []byte(b.String()), Options{})
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	many := func() map[string]string {
		m := map[string]string{}
		for i := range 40 {
			m[fmt.Sprintf("/r%02d", i)] = op(fmt.Sprintf("op%d", i), "")
		}
		return m
	}
	param := `"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],`
	valid := build(many())
	if !validInParts(ctx, valid, 2, 1) || valid.Validate(ctx, validationOptions...) != nil {
		t.Fatal("the valid document is not cleared")
	}
	for name, edit := range map[string]func(m map[string]string){
		"duplicate operationId": func(m map[string]string) { m["/r39"] = op("op0", "") },
		"conflicting templates": func(m map[string]string) {
			m["/a/{id}"] = op("a1", param)
			m["/z/x"] = op("z1", "")
			m["/a/{other}"] = op("a2", strings.ReplaceAll(param, `"id"`, `"other"`))
		},
		"missing path parameter": func(m map[string]string) { m["/r20/{id}"] = op("x", "") },
		"bad schema": func(m map[string]string) {
			m["/r21"] = op("x", `"parameters":[{"name":"q","in":"query","schema":{"type":"nope"}}],`)
		},
	} {
		m := many()
		edit(m)
		doc := build(m)
		if doc.Validate(ctx, validationOptions...) == nil {
			t.Fatalf("%s: the full validation finds nothing", name)
		}
		if validInParts(ctx, doc, 2, 1) {
			t.Errorf("%s: cleared", name)
		}
	}
}
