package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/report"
	"github.com/errprobe/errprobe/schemas"
)

const (
	flagFrom = "from"
	// maxSavedReport bounds how much of a saved JSON report is read.
	maxSavedReport = 512 << 20
)

// reportCommand re-renders a saved JSON report. It sends nothing: every
// format is built from the report alone.
func reportCommand() *cli.Command {
	return &cli.Command{
		Name:      "report",
		Usage:     "render a saved JSON report in other formats, without sending anything",
		UsageText: "errprobe report --from run.json --report FORMAT[=PATH] ... [--fail-on SEVERITY]",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: flagFrom, Required: true, Usage: "JSON report written by errprobe run --report json=PATH ('-' reads stdin)"},
			&cli.StringSliceFlag{Name: flagReport, Aliases: []string{"r"}, Value: cli.NewStringSlice("terminal"),
				Usage: "FORMAT[=PATH]: " + strings.Join(report.Formats(), ", ") + "; PATH '-' or none is stdout (repeatable)"},
			&cli.StringFlag{Name: flagFail, Usage: "judge again: exit 1 if violations reach this severity (error, warning, info, never); without it the saved verdict is kept and the exit code is 0"},
			&cli.BoolFlag{Name: flagNoColor, Usage: "no colour in the terminal report (also NO_COLOR)"},
			&cli.BoolFlag{Name: flagVerbose, Aliases: []string{"v"}, Usage: "show details for passing probes too"},
			&cli.BoolFlag{Name: flagQuiet, Aliases: []string{"q"}, Usage: "show only failures and the verdict"},
		},
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
	run, err := loadSavedReport(c.String(flagFrom), c.App.Reader)
	if err != nil {
		return err
	}
	if c.IsSet(flagFail) {
		run.FailOn = failOn
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

// loadSavedReport reads a JSON report ("-" is stdin) and checks it against
// the report's own schema before anything trusts its fields.
func loadSavedReport(path string, stdin io.Reader) (*report.Run, error) {
	name := path
	var data []byte
	var err error
	if path == "-" {
		name = "stdin"
		data, err = io.ReadAll(io.LimitReader(stdin, maxSavedReport+1))
	} else {
		data, err = readLimited(path)
	}
	if err != nil {
		return nil, usagef("--from %s: %v", name, err)
	}
	if len(data) > maxSavedReport {
		return nil, usagef("--from %s: larger than %d MiB", name, maxSavedReport>>20)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, usagef("--from %s: not JSON: %v", name, err)
	}
	sch, err := schemas.Builtin(schemas.Report)
	if err != nil {
		return nil, err
	}
	if fails := sch.Validate(doc); len(fails) > 0 {
		msgs := make([]string, 0, 3)
		for _, f := range fails[:min(3, len(fails))] {
			msgs = append(msgs, fmt.Sprintf("%s: %s", pointerOrRoot(f.Pointer), f.Message))
		}
		return nil, usagef("--from %s is not an errprobe JSON report (schema report.schema.json): %s", name, strings.Join(msgs, "; "))
	}
	var run report.Run
	if err := json.Unmarshal(data, &run); err != nil {
		return nil, usagef("--from %s: %v", name, err)
	}
	return &run, nil
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxSavedReport+1))
}

func pointerOrRoot(p string) string {
	if p == "" {
		return "(root)"
	}
	return p
}
