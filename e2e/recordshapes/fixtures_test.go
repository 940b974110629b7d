package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestRecordedFilesParse checks every recorded answer under
// checks/testdata/errorshapes: it parses as an HTTP response, its
// Content-Length is its body's length, it is an error answer, and it belongs
// to a case of the framework table (so no file is left from a renamed case
// or typed by hand).
func TestRecordedFilesParse(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..", "checks", "testdata", "errorshapes")
	files, err := filepath.Glob(filepath.Join(root, "*", "*.http"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no recorded answers under %s; run scripts/record-errorshapes.sh", root)
	}
	cases := map[string]bool{}
	for _, f := range frameworks {
		for _, c := range f.Cases {
			cases[filepath.Join(f.Name, c.Name+".http")] = true
		}
	}
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			if !cases[rel] {
				t.Errorf("%s: no case of the framework table records this file", rel)
			}
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), nil)
			if err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatalf("%s: body: %v", rel, err)
			}
			if want := resp.Header.Get("Content-Length"); want != strconv.Itoa(len(body)) {
				t.Errorf("%s: Content-Length %s, body has %d bytes", rel, want, len(body))
			}
			if _, after, _ := bytes.Cut(raw, []byte("\n\n")); !bytes.Equal(after, body) {
				t.Errorf("%s: bytes after the body's length: %q", rel, after[len(body):])
			}
			if resp.StatusCode < 400 {
				t.Errorf("%s: status %d is not an error answer", rel, resp.StatusCode)
			}
		})
	}
}
