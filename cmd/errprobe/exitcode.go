package main

import (
	"context"
	"errors"

	"github.com/errprobe/errprobe/internal/audit"
	"github.com/errprobe/errprobe/internal/config"
	"github.com/errprobe/errprobe/internal/engine"
	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/internal/waitfor"
	"github.com/errprobe/errprobe/schemas"
)

// Exit codes: a contract with CI pipelines, documented in the README.
const (
	exitOK          = 0   // no violations at or above --fail-on
	exitViolations  = 1   // violations at or above --fail-on, or a probe crashed the target
	exitUsage       = 2   // bad flags, config, spec or schema; nothing sent
	exitCannotRun   = 3   // target unreachable, probes could not run, a report not written
	exitInterrupted = 130 // SIGINT or SIGTERM
)

// errUsage marks a mistake in the command line.
var errUsage = errors.New("usage")

// errReport marks a report that could not be written.
var errReport = errors.New("report not written")

// errIncomplete marks probes that could not be carried out.
var errIncomplete = errors.New("probes could not be run")

// exitCode maps an error to the documented exit code.
func exitCode(err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.Canceled):
		return exitInterrupted
	case errors.Is(err, errUsage), errors.Is(err, openapi.ErrInvalid), errors.Is(err, schemas.ErrInvalid),
		errors.Is(err, audit.ErrNothingToTest), errors.Is(err, config.ErrInvalid):
		return exitUsage
	case errors.Is(err, errReport):
		return exitCannotRun // before a crash: the reports are what a CI reads
	case errors.Is(err, engine.ErrCrashed):
		return exitViolations // a finding, the most severe: reports complete, the rest skipped
	case errors.Is(err, audit.ErrMaxFailures):
		return exitViolations // as asked: enough failing causes found
	case errors.Is(err, engine.ErrUnreachable), errors.Is(err, engine.ErrNotServed), errors.Is(err, errIncomplete),
		errors.Is(err, waitfor.ErrTimeout):
		return exitCannotRun
	}
	return exitCannotRun
}
