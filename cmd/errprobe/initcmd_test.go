package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/internal/config"
)

// uncommentValues turns a starter's commented values: block into YAML, as
// a user who fills it in does.
func uncommentValues(starter string) string {
	var out []string
	in := false
	for _, line := range strings.Split(starter, "\n") {
		switch {
		case line == "# values:":
			in = true
			out = append(out, "values:")
		case in && strings.HasPrefix(line, "#   "):
			out = append(out, strings.TrimPrefix(line, "# "))
		default:
			in = false
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

func TestInitValueStubs(t *testing.T) {
	t.Parallel()
	spec := testapiSpec(t)
	tests := []struct {
		name string
		args []string
		want []string // values as config reads them, "OPERATION|IN:NAME=VALUE"
	}{
		{"from a description", []string{"--spec", spec}, []string{
			"|:bookId=1", "|query:limit=1", "POST /books|body:isbn=errprobe", "POST /books|body:title=errprobe", "POST /books|body:year=1450"}},
		{"from nothing", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), append([]string{"errprobe", "init", "-o", "-"}, tt.args...), &stdout, &stderr); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			if got := strings.Contains(stdout.String(), "# values:"); got != (tt.want != nil) {
				t.Fatalf("values: stubs written: %v, want %v\n%s", got, tt.want != nil, stdout.String())
			}
			filled := uncommentValues(stdout.String())
			cfg, err := config.Parse("errprobe.yaml", []byte(filled))
			if err != nil {
				t.Fatalf("the filled-in starter does not load: %v\n%s", err, filled)
			}
			vs, err := cfg.ParamValues(func(_, v string) (string, error) { return v, nil })
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, v := range vs {
				got = append(got, v.Operation+"|"+v.In+":"+v.Name+"="+v.Value)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("values:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestInitRefusesToOverwrite(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "errprobe.yaml")
	if err := os.WriteFile(out, []byte("x: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"errprobe", "init", "-o", out}, &stdout, &stderr); code != exitUsage || !strings.Contains(stderr.String(), "--force") {
		t.Errorf("exit %d, stderr %q; want %d naming --force", code, stderr.String(), exitUsage)
	}
}
