package openapi

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/errprobe/errprobe/internal/testfiles"
)

// benchSpecs are the descriptions the loading benchmarks read, from the
// repository's testdata/specs: a small one and the two large real-world
// ones.
var benchSpecs = []struct{ name, rel string }{
	{"petstore", "specs/oai/v3.0/petstore.yaml"},
	{"stripe", "specs/stripe/spec3.json"},
	{"github", "specs/github/api.github.com.json"},
}

// BenchmarkParse measures loading a description into the model, from bytes
// in memory.
func BenchmarkParse(b *testing.B) {
	for _, s := range benchSpecs {
		path := testfiles.Path(b, s.rel)
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(context.Background(), path, data, Options{}); err != nil {
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
		data := testfiles.Read(b, s.rel)
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
