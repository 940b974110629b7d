package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/report"
)

func mergeCommand() *cli.Command {
	return &cli.Command{
		Name:      "merge",
		Usage:     "combine the JSON reports of sharded runs into one report and verdict",
		UsageText: "errprobe merge shard-1.json shard-2.json ... [--report FORMAT[=PATH]] [--fail-on SEVERITY]",
		Flags: append([]cli.Flag{
			&cli.StringSliceFlag{Name: flagReport, Aliases: []string{"r"}, Value: cli.NewStringSlice("terminal"), Usage: "FORMAT[=PATH] of the merged report; PATH '-' or none is stdout (repeatable)"},
			&cli.StringFlag{Name: flagFail, Usage: "lowest violation severity that fails: error, warning, info, never (default: the reports')"},
			&cli.StringFlag{Name: flagBaseline, Usage: "compare the merged run with this baseline file (replaces the shards' comparisons)"},
			&cli.StringFlag{Name: flagBaselineWrite, Usage: "write the merged run's violations to a baseline file"},
			&cli.BoolFlag{Name: flagVerbose, Aliases: []string{"v"}, Usage: "terminal: every probe with its details, every cause in full, the summary tables"},
			&cli.BoolFlag{Name: flagQuiet, Aliases: []string{"q"}, Usage: "terminal: only the causes that fail the run, and the verdict"},
		}, colorFlags()...),
		Action: mergeAction,
	}
}

func mergeAction(c *cli.Context) error {
	c, err := interspersed(c)
	if err != nil {
		return usagef("merge: %v", err)
	}
	paths := c.Args().Slice()
	if len(paths) == 0 {
		return usagef("merge needs the JSON reports to combine (errprobe merge a.json b.json ...)")
	}
	failOn := c.String(flagFail)
	if _, err := checks.ParseSeverity(failOn); err != nil && failOn != "" && failOn != "never" {
		return usagef("--fail-on %q: want error, warning, info or never", failOn)
	}
	outs, err := parseOutputs(c.StringSlice(flagReport), reportOptions(c))
	if err != nil {
		return err
	}
	outs = withTerminal(outs, reportOptions(c))
	g := &gate{baselinePath: c.String(flagBaseline), writePath: c.String(flagBaselineWrite)}
	if g.baselinePath != "" {
		if g.baseline, err = readBaseline(g.baselinePath); err != nil {
			return err
		}
	}
	runs := make([]*report.Run, 0, len(paths))
	for _, p := range paths {
		r, err := loadReport("merge: ", p, c.App.Reader)
		if err != nil {
			return err
		}
		runs = append(runs, r)
	}
	merged, err := report.Merge(runs, failOn)
	if err != nil {
		return usagef("merge: %v", err)
	}
	applyBaseline(merged, g)
	if err := errors.Join(writeBodies(merged, outs), writeReports(merged, outs, c.App.Writer), writeBaseline(merged, g, c.App.ErrWriter)); err != nil {
		return err
	}
	switch s := merged.Summary; {
	case merged.Failing() > 0:
		return exitWith(exitViolations)
	case !merged.Complete:
		return fmt.Errorf("%w: a merged report is incomplete: %s", errIncomplete, merged.StopReason)
	case s.Errored > 0:
		return fmt.Errorf("%w: %d of %d probes could not be run (see the report)", errIncomplete, s.Errored, s.Probes)
	}
	return nil
}

// interspersed reads flags given after the report files too (errprobe merge
// a.json b.json --report junit=x.xml): urfave/cli stops at the first
// argument, so the command's arguments are parsed again, flags first.
func interspersed(c *cli.Context) (*cli.Context, error) {
	lineage := c.Lineage()
	if len(lineage) < 2 || !slices.ContainsFunc(c.Args().Slice(), isFlag) {
		return c, nil
	}
	raw := lineage[1].Args().Slice()
	if len(raw) > 0 && raw[0] == c.Command.Name {
		raw = raw[1:]
	}
	takesValue := map[string]bool{}
	set := flag.NewFlagSet(c.Command.Name, flag.ContinueOnError)
	set.SetOutput(io.Discard)
	for _, f := range c.Command.Flags {
		if err := f.Apply(set); err != nil {
			return nil, err
		}
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	var flags, args []string
	for i := 0; i < len(raw); i++ {
		a := raw[i]
		if a == "--" {
			args = append(args, raw[i+1:]...)
			break
		}
		if !isFlag(a) {
			args = append(args, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if !strings.Contains(name, "=") && takesValue[name] && i+1 < len(raw) {
			flags = append(flags, raw[i+1])
			i++
		}
	}
	if err := set.Parse(append(append(flags, "--"), args...)); err != nil {
		return nil, err
	}
	nc := cli.NewContext(c.App, set, lineage[1])
	nc.Command = c.Command
	return nc, nil
}

func isFlag(a string) bool { return len(a) > 1 && a[0] == '-' }
