package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/errprobe/errprobe/report"
)

// output is one --report FORMAT[=PATH]; an empty path is stdout.
type output struct {
	format, path string
	reporter     report.Reporter
}

// parseOutputs validates every --report against the reporter registry
// before anything is sent.
func parseOutputs(specs []string, opts func(toStdout bool) report.Options) ([]output, error) {
	var outs []output
	for _, s := range specs {
		format, path, _ := strings.Cut(s, "=")
		format = strings.TrimSpace(format)
		if path == "-" {
			path = ""
		}
		r, err := report.New(format, opts(path == ""))
		if err != nil {
			return nil, usagef("--report %s: %v%s", s, err, reportFormatHint(format))
		}
		outs = append(outs, output{format: format, path: path, reporter: r})
	}
	return outs, nil
}

// writeReports writes every output; files are written to a temporary name
// and renamed, so a failure never leaves a truncated report behind. All
// outputs are attempted; the first failure is returned.
func writeReports(run *report.Run, outs []output, stdout io.Writer) error {
	var errs []error
	for _, o := range outs {
		if o.path == "" {
			if err := o.reporter.Report(stdout, run); err != nil {
				errs = append(errs, fmt.Errorf("%w: %s to stdout: %v", errReport, o.format, err))
			}
			continue
		}
		if err := writeFile(o.path, func(w io.Writer) error { return o.reporter.Report(w, run) }); err != nil {
			errs = append(errs, fmt.Errorf("%w: %s report %s: %v", errReport, o.format, o.path, err))
		}
	}
	return errors.Join(errs...)
}

func writeFile(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op after a successful rename
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
