package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/checks"
)

// The CLI tests run one at a time: urfave/cli's help flags are globals.
func TestExplain(t *testing.T) {
	tests := []struct {
		name          string
		args          []string
		exit          int
		want, notWant string
	}{
		{"general fix and presets", []string{"explain", "www-authenticate"}, exitOK, "Framework fixes (--preset NAME):", "Fix with"},
		{"preset after the rule", []string{"explain", "server-error", "--preset", "flask"}, exitOK, "Fix with flask: Register @app.errorhandler(HTTPException)", ""},
		{"preset before the rule", []string{"explain", "--preset=flask", "server-error"}, exitOK, "before any @app.errorhandler(Exception) catch-all", ""},
		{"preset without its own fix", []string{"explain", "problem-title", "--preset", "flask"}, exitOK, "no fix of its own", "Fix with"},
		{"unknown rule", []string{"explain", "no-such-rule"}, exitUsage, `"no-such-rule" is not a rule ID`, ""},
		{"check is not a rule", []string{"explain", "auth-missing"}, exitUsage, "is not a rule ID", ""},
		{"unknown preset", []string{"explain", "server-error", "--preset", "cobol"}, exitUsage, `unknown preset "cobol"`, ""},
		{"no rule", []string{"explain"}, exitUsage, "one rule ID", ""},
		{"two rules", []string{"explain", "server-error", "allow-header"}, exitUsage, "one rule ID", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run(context.Background(), append([]string{"errprobe"}, tt.args...), &stdout, &stderr)
			out := stdout.String() + stderr.String()
			if got != tt.exit || !strings.Contains(out, tt.want) || (tt.notWant != "" && strings.Contains(out, tt.notWant)) {
				t.Errorf("exit %d, want %d; output:\n%s\nwant it to contain %q and not %q", got, tt.exit, out, tt.want, tt.notWant)
			}
		})
	}
}

func TestExplainEveryRule(t *testing.T) {
	for _, r := range checks.RuleMetas() {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"errprobe", "explain", r.ID}, &stdout, &stderr); code != exitOK {
			t.Fatalf("explain %s: exit %d: %s", r.ID, code, stderr.String())
		}
		if !strings.Contains(stdout.String(), "Fix: "+checks.Remedy(r.ID, "")) {
			t.Errorf("explain %s does not print the remedy:\n%s", r.ID, stdout.String())
		}
	}
}
