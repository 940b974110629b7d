package main

import (
	"time"

	"github.com/urfave/cli/v2"
)

// Flag names shared by run and demo.
const (
	flagSpec, flagTarget, flagBasePath            = "spec", "target", "base-path"
	flagAuth, flagLowAuth, flagLowMethods         = "auth", "low-auth", "low-auth-methods"
	flagHeader, flagSchema, flagReport, flagFail  = "header", "schema", "report", "fail-on"
	flagConcurrency, flagTimeout, flagRate        = "concurrency", "timeout", "rate"
	flagMaxBody, flagSeed, flagRequestID          = "max-body", "seed", "request-id-header"
	flagOnly, flagSkip, flagInsecure, flagNoColor = "only", "skip", "insecure", "no-color"
	flagVerbose, flagQuiet, flagExternalRefs      = "verbose", "quiet", "allow-external-refs"
	flagMaxPerOp, flagAllowDestructive            = "max-probes-per-operation", "allow-destructive"
)

// specFlags select and generate probes; run and plan share them.
func specFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: flagSpec, Aliases: []string{"s"}, Usage: "OpenAPI 3.x or Swagger 2.0 description: a file or an http(s) URL (or spec:/routes: in errprobe.yaml)"},
		&cli.BoolFlag{Name: flagExternalRefs, Usage: "let $ref fetch URLs (local files are read from the description's folder only, with or without it)"},
		&cli.StringSliceFlag{Name: flagOnly, Usage: "only these checks or families (comma-separated, repeatable)"},
		&cli.StringSliceFlag{Name: flagSkip, Usage: "skip these checks, rules or families (comma-separated, repeatable)"},
		&cli.Int64Flag{Name: flagSeed, Value: 1, Usage: "seed for generated values; the same seed gives the same probes"},
		&cli.IntFlag{Name: flagMaxPerOp, Usage: "at most this many probes per operation, by priority (0: no cap)"},
		&cli.BoolFlag{Name: flagAllowDestructive, Usage: "send every probe of irreversible operations (transfer, rename, reset, deleting errprobe's own token, ...); default: only those that cannot succeed"},
		&cli.StringSliceFlag{Name: flagLowAuth, Usage: "credential header of a low-privilege identity, 'Header: value' (${ENV} expanded; repeatable)"},
		&cli.StringFlag{Name: flagLowMethods, Value: "POST,PUT,PATCH,DELETE", Usage: "methods probed with the low-privilege identity"},
		&cli.StringSliceFlag{Name: flagAuth, Usage: "credential header of the authorised identity, 'Header: value' (${ENV} expanded; repeatable)"},
	}
}

// sendFlags control how a run talks to the target and reports.
func sendFlags(reportDefault string, failDefault string) []cli.Flag {
	return append([]cli.Flag{
		&cli.StringSliceFlag{Name: flagHeader, Aliases: []string{"H"}, Usage: "extra header for every probe, 'Header: value' (repeatable)"},
		&cli.StringFlag{Name: flagSchema, Value: "auto", Usage: "error schema: auto, problem, simple, spec, or a JSON Schema file"},
		&cli.StringSliceFlag{Name: flagReport, Aliases: []string{"r"}, Value: cli.NewStringSlice(reportDefault), Usage: "FORMAT[=PATH]: terminal, json, junit, sarif, markdown, html; PATH '-' or none is stdout (repeatable)"},
		&cli.StringFlag{Name: flagFail, Value: failDefault, Usage: "lowest violation severity that fails the run: error, warning, info, never"},
		&cli.IntFlag{Name: flagConcurrency, Aliases: []string{"c"}, Value: 4, Usage: "probes in flight at once"},
		&cli.DurationFlag{Name: flagTimeout, Value: 10 * time.Second, Usage: "deadline for one probe, body included"},
		&cli.Float64Flag{Name: flagRate, Usage: "at most this many probes per second (0: no limit)"},
		&cli.Int64Flag{Name: flagMaxBody, Value: 1 << 20, Usage: "bytes of a response body read at most"},
		&cli.StringFlag{Name: flagRequestID, Value: "X-Request-Id", Usage: "header carrying each probe's request ID"},
		&cli.BoolFlag{Name: flagInsecure, Usage: "do not verify TLS certificates (recorded in the report)"},
		&cli.BoolFlag{Name: flagVerbose, Aliases: []string{"v"}, Usage: "terminal: every probe with its details, every cause in full, the summary tables"},
		&cli.BoolFlag{Name: flagQuiet, Aliases: []string{"q"}, Usage: "terminal: only the causes that fail the run, and the verdict"},
	}, colorFlags()...)
}
