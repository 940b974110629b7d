package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/urfave/cli/v2"
)

// run is the whole program: it parses args, runs the command and returns
// the exit code. Only main touches os.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	started := false
	// urfave/cli writes to package-level values (its help flag and help
	// command) while it sets an app up and parses flags, so two runs in one
	// process (tests) take turns until their command starts.
	parsing.Lock()
	var once sync.Once
	parsed := func() { once.Do(parsing.Unlock) }
	for _, c := range app.Commands {
		c.Before = func(*cli.Context) error { started = true; parsed(); return nil }
	}
	err := app.RunContext(ctx, args)
	parsed()
	if err != nil && !started && !errors.Is(err, errUsage) {
		// urfave/cli reports flag mistakes (a missing required flag, say)
		// as plain errors before any command runs.
		err = usagef("%v (see errprobe --help)", err)
	}
	code := exitCode(err)
	if err != nil && !errors.Is(err, errSilent) {
		fmt.Fprintf(stderr, "errprobe: %s\n", oneLine(err))
	}
	if errors.Is(err, errSilent) {
		var s silentErr
		if errors.As(err, &s) {
			code = s.code
		}
	}
	return code
}

// parsing is held while urfave/cli sets up an app and parses its flags.
var parsing sync.Mutex

// errSilent marks an exit code whose reason has already been printed.
var errSilent = errors.New("silent")

type silentErr struct{ code int }

func (silentErr) Error() string       { return "exit" }
func (silentErr) Unwrap() error       { return errSilent }
func exitWith(code int) error         { return silentErr{code: code} }
func oneLine(err error) string        { return strings.Join(strings.Fields(err.Error()), " ") }
func usagef(f string, a ...any) error { return fmt.Errorf("%w: "+f, append([]any{errUsage}, a...)...) }

func init() {
	// urfave/cli keeps the version printer in a package variable.
	cli.VersionPrinter = func(c *cli.Context) { _ = printVersion(c.App.Writer) }
	// -v means --verbose in every command; the version is --version alone.
	cli.VersionFlag = &cli.BoolFlag{Name: "version", Usage: "print the version"}
}

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:                      "errprobe",
		Usage:                     "audit an API's error responses against its OpenAPI description",
		Version:                   buildVersion(),
		Writer:                    stdout,
		ErrWriter:                 stderr,
		DisableSliceFlagSeparator: true,
		HideHelpCommand:           true,
		ExitErrHandler:            func(*cli.Context, error) {}, // exit codes are mapped in run
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return usageError(c, err)
		},
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usagef("unknown command %q (see errprobe --help)", c.Args().First())
			}
			return cli.ShowAppHelp(c)
		},
		Commands: []*cli.Command{runCommand(), planCommand(), checksCommand(), initCommand(), demoCommand(), versionCommand(), completionCommand(), manCommand(), mergeCommand(), reportCommand(), explainCommand()},
	}
	for _, c := range app.Commands {
		c.OnUsageError = app.OnUsageError
	}
	return app
}

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print errprobe's version",
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return usagef("version takes no arguments")
			}
			return printVersion(c.App.Writer)
		},
	}
}
