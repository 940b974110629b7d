package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/config"
)

// explainCommand prints what a rule means and how to fix what breaks it,
// with a framework preset's own fix when one is named.
func explainCommand() *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "say what a rule checks and how to fix an API that breaks it",
		UsageText: "errprobe explain RULE [--preset NAME]",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: flagPreset, Usage: "framework preset whose fix to print: " + strings.Join(config.PresetNames(), ", ")},
		},
		Action: func(c *cli.Context) error {
			id, preset, err := explainArgs(c.Args().Slice(), c.String(flagPreset))
			if err != nil {
				return err
			}
			if preset != "" {
				if _, err := checks.LookupPreset(preset); err != nil {
					return usagef("--preset: %v", err)
				}
			}
			rule, ok := findRule(id)
			if !ok {
				return usagef("%q is not a rule ID (errprobe checks lists them)", id)
			}
			return explain(c.App.Writer, rule, preset)
		},
	}
}

// explainArgs reads RULE and a --preset given after it, which the flag
// parser leaves among the arguments.
func explainArgs(args []string, preset string) (string, string, error) {
	var id string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--"+flagPreset || a == "-"+flagPreset:
			if i+1 == len(args) {
				return "", "", usagef("--%s needs a value", flagPreset)
			}
			preset = args[i+1]
			i++
		case strings.HasPrefix(a, "--"+flagPreset+"="):
			preset = strings.TrimPrefix(a, "--"+flagPreset+"=")
		case id == "":
			id = a
		default:
			return "", "", usagef("explain takes one rule ID (got %q and %q)", id, a)
		}
	}
	if id == "" {
		return "", "", usagef("explain takes one rule ID (errprobe checks lists them)")
	}
	return id, preset, nil
}

// findRule returns the catalogue entry of a rule; checks (which have a
// family) are not rules.
func findRule(id string) (checks.Meta, bool) {
	m, ok := checks.Lookup(id)
	return m, ok && m.Family == ""
}

// explain writes a rule's title, severity, description and fixes: the
// preset's own when one is named, else the general one and the presets
// that have their own.
func explain(w io.Writer, r checks.Meta, preset string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s\n\n%s\n\n", r.ID, r.Severity, r.Title, r.Description)
	fmt.Fprintf(&b, "Fix: %s\n", checks.Remedy(r.ID, ""))
	if fix, ok := checks.PresetRemedy(r.ID, preset); ok {
		fmt.Fprintf(&b, "Fix with %s: %s\n", preset, fix)
	} else if preset != "" {
		fmt.Fprintf(&b, "The %s preset has no fix of its own for this rule: the general fix applies.\n", preset)
	} else {
		var own []string
		for _, p := range checks.Presets() {
			if _, ok := checks.PresetRemedy(r.ID, p.Name); ok {
				own = append(own, p.Name)
			}
		}
		if len(own) > 0 {
			fmt.Fprintf(&b, "Framework fixes (--preset NAME): %s\n", strings.Join(own, ", "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
