package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// Not parallel: urfave/cli v2 mutates its global HelpFlag on every run.
func TestCompletionAndMan(t *testing.T) {
	tests := []struct {
		args []string
		exit int
		want string // in stdout when exit is 0, in stderr otherwise
	}{
		{args: []string{"completion", "bash"}, want: "complete -o default -F _errprobe errprobe"},
		{args: []string{"completion", "zsh"}, want: "#compdef errprobe"},
		{args: []string{"completion", "fish"}, want: "complete -c errprobe"},
		{args: []string{"man"}, want: ".TH errprobe 1"},
		{args: []string{"completion", "powershell"}, want: "Register-ArgumentCompleter -Native -CommandName 'errprobe'"},
		{args: []string{"completion", "pwsh"}, exit: exitUsage, want: `unknown shell "pwsh"`},
		{args: []string{"completion", "bahs"}, exit: exitUsage, want: "did you mean bash?"},
		{args: []string{"completion"}, exit: exitUsage, want: "one shell"},
		{args: []string{"completion", "bash", "zsh"}, exit: exitUsage, want: "one shell"},
		{args: []string{"man", "extra"}, exit: exitUsage, want: "no arguments"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, "_"), func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), append([]string{"errprobe"}, tt.args...), &out, &errb)
			if code != tt.exit {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.exit, errb.String())
			}
			got := out.String()
			if tt.exit != 0 {
				got = errb.String()
			} else if !strings.Contains(got, "errprobe") {
				t.Errorf("output does not mention errprobe:\n%s", got)
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, got)
			}
		})
	}
}

// The bash script must offer every visible command and each command's flags.
func TestBashCompletionListsCommandsAndFlags(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"errprobe", "completion", "bash"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"run", "plan", "checks", "demo", "version", "completion", "checks) opts=", "--format", "--help"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("bash completion lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "man)") {
		t.Errorf("hidden command man is offered:\n%s", out.String())
	}
}

// Every script completes the values of flags: report formats, presets,
// check IDs, and files after --spec.
func TestCompletionValues(t *testing.T) {
	want := map[string][]string{
		"bash":       {`--report|-r) COMPREPLY=($(compgen -W "`, "junit markdown sarif", "--preset) COMPREPLY", "fastapi", "server-error", `--spec|-s|--config`, `compgen -f -- "$cur"`},
		"zsh":        {"--report|-r) compadd -- ", "--preset) compadd -- ", "--spec|-s|--config|--baseline|--baseline-write|--from|--ca-cert|--client-cert|--client-key) _files;"},
		"fish":       {"complete -c errprobe -l report -s r -x -a '", "complete -c errprobe -l spec -s s -l config", "-rF"},
		"powershell": {"'run' = @(", "'--target'", "'--report' = @('", "'--preset' = @('", "'fastapi'", "'--spec' = @()"},
	}
	for shell, parts := range want {
		var out, errb bytes.Buffer
		if code := run(context.Background(), []string{"errprobe", "completion", shell}, &out, &errb); code != 0 {
			t.Fatalf("%s: exit %d: %s", shell, code, errb.String())
		}
		for _, p := range parts {
			if !strings.Contains(out.String(), p) {
				t.Errorf("%s completion lacks %q", shell, p)
			}
		}
	}
}
