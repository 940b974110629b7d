package openapi

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	yaml "go.yaml.in/yaml/v4"
)

// TestLoadJSONMatchesLoader loads every JSON description at hand both
// through kin-openapi's loader (its YAML parser) and through jsonNode, and
// requires the same document.
func TestLoadJSONMatchesLoader(t *testing.T) {
	t.Parallel()
	var files []specFile
	_ = filepath.Walk("testdata", func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, specFile{p, p})
		}
		return nil
	})
	for _, f := range testdataSpecs(t) {
		if strings.HasSuffix(f.name, ".json") {
			files = append(files, f)
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(f.path)
		if err != nil || !json.Valid(data) || isSwagger2(data) || !startsObject(data) {
			continue
		}
		t.Run(f.name, func(t *testing.T) {
			loc := &url.URL{Path: filepath.ToSlash(f.path)}
			want, wantErr := openapi3.NewLoader().LoadFromDataWithPath(data, loc)
			root, rootErr := jsonNode(data)
			got, gotErr := loadTree(openapi3.NewLoader(), data, loc, root, rootErr)
			if (wantErr == nil) != (gotErr == nil) {
				t.Fatalf("loader error %v, loadTree error %v", wantErr, gotErr)
			}
			if wantErr != nil {
				return
			}
			for _, part := range []struct {
				name      string
				want, got any
			}{
				{"openapi", want.OpenAPI, got.OpenAPI}, {"info", want.Info, got.Info},
				{"servers", want.Servers, got.Servers}, {"security", want.Security, got.Security},
				{"tags", want.Tags, got.Tags}, {"paths", want.Paths, got.Paths},
				{"components", want.Components, got.Components}, {"extensions", want.Extensions, got.Extensions},
			} {
				if !reflect.DeepEqual(part.want, part.got) {
					t.Errorf("%s differs", part.name)
				}
			}
		})
	}
}

// TestJSONNodeScalars pins the tags numbers get, as the YAML resolver
// gives them.
func TestJSONNodeScalars(t *testing.T) {
	t.Parallel()
	doc := `{"a":1,"b":-0,"c":1.5,"d":1e5,"e":18446744073709551615,"f":184467440737095516150,` +
		`"g":true,"h":null,"i":"x\"\u00e9","j":[],"k":{},"l":"2001-12-14"}`
	var want, got yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &want); err != nil {
		t.Fatal(err)
	}
	n, err := jsonNode([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	got = *n
	w, g := want.Content[0].Content, got.Content[0].Content
	if len(w) != len(g) {
		t.Fatalf("%d nodes, want %d", len(g), len(w))
	}
	for i := range w {
		if w[i].Kind != g[i].Kind || w[i].Tag != g[i].Tag || w[i].Value != g[i].Value || len(w[i].Content) != len(g[i].Content) {
			t.Errorf("node %d: got %v %q %q, want %v %q %q", i, g[i].Kind, g[i].Tag, g[i].Value, w[i].Kind, w[i].Tag, w[i].Value)
		}
	}
}

// FuzzJSONNode feeds jsonNode any valid JSON (descriptions are untrusted):
// it must build a tree without failing, with as many scalars as the YAML
// parser finds.
func FuzzJSONNode(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":[1,2.5,-0,"x\n\u00e9"],"b":{"c":null,"d":true}}`, `[[[]]]`, `"s"`, `12345678901234567890123`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		n, err := jsonNode(data)
		if err != nil {
			t.Fatalf("valid JSON %q: %v", data, err)
		}
		var want yaml.Node
		if yaml.Unmarshal(data, &want) != nil {
			return // JSON the YAML parser refuses (the loader falls back)
		}
		if got, w := countScalars(n), countScalars(&want); got != w {
			t.Errorf("%q: %d scalars, the YAML parser finds %d", data, got, w)
		}
	})
}

func countScalars(n *yaml.Node) int {
	c := 0
	if n.Kind == yaml.ScalarNode {
		c++
	}
	for _, k := range n.Content {
		c += countScalars(k)
	}
	return c
}
