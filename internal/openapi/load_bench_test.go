package openapi

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// benchSpecs are the descriptions the loading benchmarks read: a small one
// and the two large real-world ones from ../shared/specs.
var benchSpecs = []struct{ name, path string }{
	{"petstore", filepath.Join("..", "..", "..", "shared", "specs", "oai", "v3.0", "petstore.yaml")},
	{"stripe", filepath.Join("..", "..", "..", "shared", "specs", "stripe", "spec3.json")},
	{"github", filepath.Join("..", "..", "..", "shared", "specs", "github", "api.github.com.json")},
}

// BenchmarkParse measures loading a description into the model, from bytes
// in memory.
func BenchmarkParse(b *testing.B) {
	for _, s := range benchSpecs {
		data, err := os.ReadFile(s.path)
		if err != nil {
			b.Skipf("%s: %v", s.name, err)
		}
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(context.Background(), s.path, data, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeFloor measures a bare encoding/json decode of the same
// JSON files: the floor BenchmarkParse is compared with.
func BenchmarkDecodeFloor(b *testing.B) {
	for _, s := range benchSpecs[1:] {
		data, err := os.ReadFile(s.path)
		if err != nil {
			b.Skipf("%s: %v", s.name, err)
		}
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				var v any
				if err := json.Unmarshal(data, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
