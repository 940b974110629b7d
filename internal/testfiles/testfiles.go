// Package testfiles finds the third-party test data in the module's
// top-level testdata/ folder (OpenAPI descriptions and the JSON and XML
// schemas reports are checked against; see testdata/README.md) for the
// tests and benchmarks of every package, so the suite needs nothing beside
// a clone of the repository. The largest descriptions are kept gzipped;
// Path hands out a decompressed copy.
//
// Only tests import this package.
package testfiles

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Path returns the path of testdata/rel (rel is slash-separated, relative
// to the testdata/ folder beside go.mod: "specs/oai/v3.0/petstore.yaml",
// "schemas/sarif"). A compressed file (rel ends in .gz, or rel is missing
// and rel+".gz" exists) is decompressed once per process into a cache
// below os.TempDir(), keyed by the compressed content's hash, and the path
// of that copy is returned; its base name is rel's without .gz. A missing
// file fails the test.
func Path(t testing.TB, rel string) string {
	t.Helper()
	dir, err := testdataDir()
	if err == nil {
		var p string
		if p, err = resolve(dir, cacheDir(), rel); err == nil {
			return p
		}
	}
	t.Fatalf("testfiles: %v", err)
	return ""
}

// Read returns the content of testdata/rel, decompressed (see Path).
func Read(t testing.TB, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(Path(t, rel))
	if err != nil {
		t.Fatalf("testfiles: %v", err)
	}
	return data
}

// Specs lists every OpenAPI description under testdata/specs (.json,
// .yaml, .yml, gzipped or not), sorted, as names Path takes:
// "specs/github/api.github.com.json" for specs/github/api.github.com.json.gz.
// Each name is decompressed only when passed to Path or Read.
func Specs(t testing.TB) []string {
	t.Helper()
	dir, err := testdataDir()
	var names []string
	if err == nil {
		names, err = specNames(dir)
	}
	if err == nil && len(names) == 0 {
		err = fmt.Errorf("no descriptions under %s", filepath.Join(dir, "specs"))
	}
	if err != nil {
		t.Fatalf("testfiles: %v", err)
	}
	return names
}

// specNames walks dir/specs for descriptions.
func specNames(dir string) ([]string, error) {
	var names []string
	err := filepath.WalkDir(filepath.Join(dir, "specs"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(strings.TrimSuffix(p, ".gz")) {
		case ".json", ".yaml", ".yml":
			rel, err := filepath.Rel(dir, strings.TrimSuffix(p, ".gz"))
			names = append(names, filepath.ToSlash(rel))
			return err
		}
		return nil
	})
	return names, err
}

// testdataDir is the testdata/ folder beside go.mod, found by walking up
// from the working directory (go test runs in the package's directory).
var testdataDir = sync.OnceValues(func() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata"), nil
		}
		if filepath.Dir(dir) == dir {
			return "", fmt.Errorf("no go.mod in %s or above it", wd)
		}
	}
})

// cacheDir holds the decompressed copies, shared by test processes.
func cacheDir() string { return filepath.Join(os.TempDir(), "errprobe-testfiles") }

// resolve is Path without the test: rel under the testdata folder dir,
// decompressed into cache when compressed.
func resolve(dir, cache, rel string) (string, error) {
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if strings.HasSuffix(p, ".gz") {
		return decompressed(p, cache)
	}
	if _, err := os.Stat(p); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return p, err
	}
	if _, err := os.Stat(p + ".gz"); err == nil {
		return decompressed(p+".gz", cache)
	}
	return "", fmt.Errorf("testdata/%s not found (nor testdata/%s.gz) in %s; see testdata/README.md", rel, rel, dir)
}

// copies remembers, per compressed file and cache, the copy made by this
// process: each file is decompressed at most once per process.
var copies sync.Map // [2]string{gz, cache} → func() (string, error)

// decompressed returns the path of gz's decompressed copy in cache.
func decompressed(gz, cache string) (string, error) {
	once, _ := copies.LoadOrStore([2]string{gz, cache}, sync.OnceValues(func() (string, error) {
		return gunzip(gz, cache)
	}))
	return once.(func() (string, error))()
}

// gunzip writes gz's content decompressed to cache/<hash>/<name>, unless
// it is there already. The copy is written under a temporary name and
// renamed, so a parallel test process sees the whole file or none.
func gunzip(gz, cache string) (string, error) {
	data, err := os.ReadFile(gz)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	dir := filepath.Join(cache, hex.EncodeToString(sum[:8]))
	out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(gz), ".gz"))
	if _, err := os.Stat(out); err == nil {
		return out, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(dir, filepath.Base(out)+".*.tmp")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err == nil {
		_, err = io.Copy(tmp, zr)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("decompressing %s: %w", gz, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		// Another process may have won the race (Windows refuses to
		// rename over an existing file); its copy is as good.
		if _, serr := os.Stat(out); serr != nil {
			return "", err
		}
	}
	return out, nil
}
