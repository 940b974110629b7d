package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadReport covers the loader that both `errprobe report --from` and
// `errprobe merge` use: every refusal is a usage error named after the
// command's way of naming the file.
func TestLoadReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fixture, err := os.ReadFile(fixtureReport)
	if err != nil {
		t.Fatal(err)
	}
	notJSON := write("not.json", "{")
	notReport := write("other.json", `{"version": 1}`)
	missing := filepath.Join(dir, "missing.json")
	tests := []struct {
		name, prefix, path, stdin, wantErr string
	}{
		{"file", "--from ", fixtureReport, "", ""},
		{"stdin", "--from ", "-", string(fixture), ""},
		{"stdin for merge", "merge: ", "-", string(fixture), ""},
		{"missing", "merge: ", missing, "", "merge: " + missing + ": "},
		{"not JSON", "--from ", notJSON, "", "--from " + notJSON + ": not JSON"},
		{"empty stdin", "--from ", "-", "", "--from stdin: not JSON"},
		{"not a report", "merge: ", notReport, "", "merge: " + notReport + " is not an errprobe JSON report"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			run, err := loadReport(tt.prefix, tt.path, strings.NewReader(tt.stdin))
			if tt.wantErr == "" {
				if err != nil || run == nil || run.Summary.Probes != len(run.Results) {
					t.Fatalf("loadReport: %v; want the fixture", err)
				}
				return
			}
			if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v; want a usage error containing %q", err, tt.wantErr)
			}
		})
	}
}
