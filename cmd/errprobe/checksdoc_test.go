package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files and docs/checks.md")

// TestChecksDoc keeps docs/checks.md equal to the catalogue in the code.
func TestChecksDoc(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"errprobe", "checks", "--format", "markdown"}, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	path := filepath.Join("..", "..", "docs", "checks.md")
	if *update {
		if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/errprobe -run TestChecksDoc -update)", err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("docs/checks.md is out of date: go test ./cmd/errprobe -run TestChecksDoc -update")
	}
}
