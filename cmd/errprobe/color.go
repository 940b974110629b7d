package main

import (
	"os"

	"github.com/urfave/cli/v2"
)

const flagColor = "color"

// colorFlags are --color and its older spelling --no-color; run, demo,
// merge and report share them.
func colorFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: flagColor, Value: "auto", Usage: "colour in the terminal report: auto (stdout is a terminal and NO_COLOR is unset or empty), always (for CI logs that render ANSI), never",
			Action: func(_ *cli.Context, v string) error {
				switch v {
				case "auto", "always", "never":
					return nil
				}
				return usagef("--color %q: want auto, always or never", v)
			}},
		&cli.BoolFlag{Name: flagNoColor, Usage: "same as --color never"},
	}
}

// useColor decides colour for one terminal-format output: --color always
// colours it wherever it goes, never (or --no-color) nowhere, and auto
// only on a terminal on stdout when NO_COLOR is empty or unset
// (https://no-color.org: a set but empty NO_COLOR does not count).
func useColor(c *cli.Context, toStdout bool) bool {
	return colorFor(c.String(flagColor), c.Bool(flagNoColor), os.Getenv("NO_COLOR"), toStdout && isTerminal(c.App.Writer))
}

// colorFor is useColor's decision, apart from the flags and the
// environment.
func colorFor(mode string, noColorFlag bool, noColorEnv string, stdoutTerminal bool) bool {
	switch {
	case noColorFlag || mode == "never":
		return false
	case mode == "always":
		return true
	}
	return stdoutTerminal && noColorEnv == ""
}
