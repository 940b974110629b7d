package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckRefuses: an image whose binary is not a static ELF executable,
// and a layout that lacks a platform, fail the check with reasons.
func TestCheckRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	script := filepath.Join(dir, "errprobe")
	ca := filepath.Join(dir, "ca.crt")
	for path, data := range map[string]string{script: "#!/bin/sh\necho hi\n", ca: "-----BEGIN CERTIFICATE-----\n"} {
		if err := os.WriteFile(path, []byte(data), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "oci")
	if err := build([]string{"-out", out, "-ca", ca, "linux/amd64=" + script}); err != nil {
		t.Fatal(err)
	}
	report, err := check(out)
	if err == nil {
		t.Fatalf("check passed an image of a shell script:\n%s", report)
	}
	for _, want := range []string{"not an ELF binary", "no image for linux/arm64"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("check error lacks %q:\n%v", want, err)
		}
	}
	if !strings.Contains(report, "entrypoint [/errprobe], user 65532:65532, workdir /work, 1 layer(s)") {
		t.Errorf("report:\n%s", report)
	}
}
