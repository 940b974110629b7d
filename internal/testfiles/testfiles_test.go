package testfiles

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// writeGzip writes content gzipped to path.
func writeGzip(t *testing.T, path string, content []byte) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestResolve(t *testing.T) {
	t.Parallel()
	dir, cache := t.TempDir(), t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "specs", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	plain, packed := []byte("openapi: 3.0.0\n"), []byte(`{"openapi":"3.1.0"}`)
	if err := os.WriteFile(filepath.Join(dir, "specs", "sub", "plain.yaml"), plain, 0o644); err != nil {
		t.Fatal(err)
	}
	writeGzip(t, filepath.Join(dir, "specs", "sub", "big.json.gz"), packed)
	if err := os.WriteFile(filepath.Join(dir, "bad.json.gz"), []byte("not gzip"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		rel, base string // base: of the path returned
		want      []byte // nil: a directory
		err       string // part of the error, if any
	}{
		{rel: "specs/sub/plain.yaml", base: "plain.yaml", want: plain},
		{rel: "specs/sub/big.json", base: "big.json", want: packed},
		{rel: "specs/sub/big.json.gz", base: "big.json", want: packed},
		{rel: "specs/sub", base: "sub"},
		{rel: "specs/sub/missing.json", err: "testdata/specs/sub/missing.json not found (nor testdata/specs/sub/missing.json.gz)"},
		{rel: "bad.json.gz", err: "decompressing"},
		{rel: "bad.json", err: "decompressing"},
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			t.Parallel()
			got, err := resolve(dir, cache, tt.rel)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Base(got) != tt.base {
				t.Errorf("path %s, want base name %s", got, tt.base)
			}
			if tt.want == nil {
				return
			}
			if data, err := os.ReadFile(got); err != nil || !bytes.Equal(data, tt.want) {
				t.Errorf("content %q (%v), want %q", data, err, tt.want)
			}
		})
	}
	if left, _ := filepath.Glob(filepath.Join(cache, "*", "*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left in the cache: %v", left)
	}
}

// TestGunzipRace decompresses one file from many goroutines at once, as
// parallel test processes would (each with its own once), into one cache.
func TestGunzipRace(t *testing.T) {
	t.Parallel()
	dir, cache := t.TempDir(), t.TempDir()
	content := bytes.Repeat([]byte(`{"a":[1,2,3]}`), 50000)
	gz := filepath.Join(dir, "race.json.gz")
	writeGzip(t, gz, content)
	var wg sync.WaitGroup
	paths := make([]string, 8)
	errs := make([]error, len(paths))
	for i := range paths {
		wg.Go(func() { paths[i], errs[i] = gunzip(gz, cache) })
	}
	wg.Wait()
	for i, p := range paths {
		if errs[i] != nil || p != paths[0] {
			t.Fatalf("goroutine %d: %s, %v (first: %s)", i, p, errs[i], paths[0])
		}
	}
	if data, err := os.ReadFile(paths[0]); err != nil || !bytes.Equal(data, content) {
		t.Fatalf("decompressed copy differs (%v)", err)
	}
}

// fatalRecorder is a testing.TB whose Fatalf records the message and ends
// the goroutine, as the real one does.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (f *fatalRecorder) Helper() {}

func (f *fatalRecorder) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestPathMissingFails(t *testing.T) {
	t.Parallel()
	rec := &fatalRecorder{TB: t}
	done := make(chan string)
	go func() {
		defer close(done)
		done <- Path(rec, "specs/no-such.yaml")
	}()
	if p, ok := <-done; ok {
		t.Fatalf("Path returned %q for a missing file", p)
	}
	if !strings.Contains(rec.msg, "testdata/specs/no-such.yaml not found") {
		t.Errorf("message %q does not name the missing file", rec.msg)
	}
}

// TestRepositoryData checks the module's own testdata: every description
// the tests loop over, the compressed ones among them.
func TestRepositoryData(t *testing.T) {
	t.Parallel()
	specs := Specs(t)
	for _, want := range []string{"specs/oai/v3.0/petstore.yaml", "specs/swagger-petstore3/openapi.yaml",
		"specs/stripe/spec3.json", "specs/github/api.github.com.json"} {
		if !slices.Contains(specs, want) {
			t.Errorf("Specs lacks %s: %v", want, specs)
		}
	}
	if !slices.IsSorted(specs) {
		t.Errorf("Specs not sorted: %v", specs)
	}
	if data := Read(t, "specs/stripe/spec3.json"); !bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		t.Errorf("specs/stripe/spec3.json does not decompress to JSON")
	}
	if p := Path(t, "schemas/sarif"); filepath.Base(p) != "sarif" {
		t.Errorf("schemas/sarif: %s", p)
	}
}
