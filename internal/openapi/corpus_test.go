package openapi

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// corpusEntry is one row of testdata/corpus/manifest.tsv: a real
// description and the verdicts of two common validators on it.
type corpusEntry struct {
	file, version string
	bothValid     bool
}

// corpusDeadline is the safety net against a hang: no description in the
// corpus takes a tenth of it, even under -race.
const corpusDeadline = 20 * time.Second

// TestCorpus loads every description of the corpus (testdata/corpus,
// README.md there): none may panic or hang, none that both validators
// accept may be refused, and every refusal names file:line.
func TestCorpus(t *testing.T) {
	t.Parallel()
	entries, files := readCorpus(t)
	var loaded, warned, refused, wrongRefusals atomic.Int64
	located := regexp.MustCompile(`corpus/\S+:\d+: `)
	t.Run("docs", func(t *testing.T) {
		for _, e := range entries {
			t.Run(e.file, func(t *testing.T) {
				t.Parallel()
				data, ok := files[e.file]
				if !ok {
					t.Fatalf("%s is in the manifest, not in the archive", e.file)
				}
				spec, err := parseGuarded(t, "corpus/"+e.file, data)
				switch {
				case err != nil:
					refused.Add(1)
					if e.bothValid {
						wrongRefusals.Add(1)
						t.Errorf("both validators accept it, errprobe refuses it: %.500v", err)
					} else if !located.MatchString(err.Error()) {
						t.Errorf("refused without file:line: %.500v", err)
					}
				case len(spec.Warnings) > 0:
					warned.Add(1)
				default:
					loaded.Add(1)
				}
			})
		}
	})
	t.Logf("corpus: %d descriptions: %d loaded, %d loaded with warnings, %d refused, %d refused though both validators accept them",
		len(entries), loaded.Load(), warned.Load(), refused.Load(), wrongRefusals.Load())
}

// parseGuarded parses one description, failing the test on a panic or
// when it takes longer than corpusDeadline.
func parseGuarded(t *testing.T, name string, data []byte) (*Spec, error) {
	t.Helper()
	type result struct {
		spec  *Spec
		err   error
		panic any
	}
	done := make(chan result, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{panic: p}
			}
		}()
		spec, err := Parse(ctx, name, data, Options{})
		done <- result{spec: spec, err: err}
	}()
	timer := time.NewTimer(corpusDeadline)
	defer timer.Stop()
	select {
	case r := <-done:
		if r.panic != nil {
			t.Fatalf("%s: panic: %v", name, r.panic)
		}
		return r.spec, r.err
	case <-timer.C:
		t.Fatalf("%s: not loaded after %s", name, corpusDeadline)
	}
	return nil, nil
}

// readCorpus reads the manifest and the archive's files into memory.
func readCorpus(t *testing.T) ([]corpusEntry, map[string][]byte) {
	t.Helper()
	manifest, err := os.ReadFile("testdata/corpus/manifest.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var entries []corpusEntry
	for i, line := range strings.Split(strings.TrimSpace(string(manifest)), "\n") {
		f := strings.Split(line, "\t")
		if i == 0 {
			continue // header
		}
		if len(f) < 4 {
			t.Fatalf("manifest.tsv:%d: %d fields", i+1, len(f))
		}
		entries = append(entries, corpusEntry{file: f[0], version: f[1], bothValid: f[2] == "valid" && f[3] == "valid"})
	}
	a, err := os.Open("testdata/corpus/corpus.tar.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	gz, err := gzip.NewReader(a)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(fmt.Errorf("%s: %w", h.Name, err))
		}
		files[h.Name] = data
	}
	return entries, files
}
