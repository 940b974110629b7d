package main

import (
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/report"
)

// flagFrom names the saved JSON report to render.
const flagFrom = "from"

// reportCommand re-renders a saved JSON report. It sends nothing: every
// format is built from the report alone.
func reportCommand() *cli.Command {
	return &cli.Command{
		Name:      "report",
		Usage:     "render a saved JSON report in other formats, without sending anything",
		UsageText: "errprobe report --from run.json --report FORMAT[=PATH] ... [--fail-on SEVERITY]",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: flagFrom, Required: true, Usage: "JSON report written by errprobe run --report json=PATH ('-' reads stdin)"},
			&cli.StringSliceFlag{Name: flagReport, Aliases: []string{"r"}, Value: cli.NewStringSlice("terminal"),
				Usage: "FORMAT[=PATH]: " + strings.Join(report.Formats(), ", ") + "; PATH '-' or none is stdout (repeatable)"},
			&cli.StringFlag{Name: flagFail, Usage: "judge again: exit 1 if violations reach this severity (error, warning, info, never); without it the saved verdict is kept and the exit code is 0"},
			&cli.BoolFlag{Name: flagVerbose, Aliases: []string{"v"}, Usage: "terminal: every probe with its details, every cause in full, the summary tables"},
			&cli.BoolFlag{Name: flagQuiet, Aliases: []string{"q"}, Usage: "terminal: only the causes that fail the run, and the verdict"},
		}, colorFlags()...),
		Action: reportAction,
	}
}

func reportAction(c *cli.Context) error {
	if c.Args().Present() {
		return usagef("report takes no arguments (got %q); name the input with --from", c.Args().First())
	}
	failOn := c.String(flagFail)
	if _, err := checks.ParseSeverity(failOn); c.IsSet(flagFail) && err != nil && failOn != "never" {
		return usagef("--fail-on %q: want error, warning, info or never", failOn)
	}
	outs, err := parseOutputs(c.StringSlice(flagReport), reportOptions(c))
	if err != nil {
		return err
	}
	run, err := loadReport("--from ", c.String(flagFrom), c.App.Reader)
	if err != nil {
		return err
	}
	if c.IsSet(flagFail) {
		run.FailOn = failOn
	}
	if c.IsSet(flagFail) || run.Causes == nil { // a report written before causes existed
		run.Finish()
	}
	if err := writeReports(run, outs, c.App.Writer); err != nil {
		return err
	}
	if c.IsSet(flagFail) && run.Failing() > 0 {
		return exitWith(exitViolations)
	}
	return nil
}
