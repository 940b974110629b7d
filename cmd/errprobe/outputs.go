package main

import (
	"bufio"
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
		if path == "-" || path == "/dev/stdout" {
			path = "" // the stdout errprobe writes to, at its own offset
		}
		r, err := report.New(format, opts(path == ""))
		if err != nil {
			return nil, usagef("--report %s: %v%s", s, err, reportFormatHint(format))
		}
		outs = append(outs, output{format: format, path: path, reporter: r})
	}
	return outs, nil
}

// withTerminal adds the terminal report on stdout when every report goes
// to a file: file reports add to the terminal, so the CI log of a run or
// merge is never empty.
// A report already on stdout (json, markdown, …) is left alone.
func withTerminal(outs []output, opts func(toStdout bool) report.Options) []output {
	for _, o := range outs {
		if o.path == "" {
			return outs
		}
	}
	return append(outs, output{format: "terminal", reporter: report.NewTerminal(opts(true))})
}

// writeReports writes every output; regular files are written to a
// temporary name and renamed, so a failure never leaves a truncated report
// behind; special files (a device, a named pipe, a symbolic link) are
// written in place. All outputs are attempted; every failure is returned.
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
	if special(path) {
		return writeInPlace(path, write)
	}
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

// special reports whether path exists and is not a plain regular file:
// /dev/stderr, /dev/full, a named pipe (>(jq .)), a socket, a symbolic
// link. Renaming over one would replace the device, the pipe or the link
// with a regular file.
func special(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && !fi.Mode().IsRegular()
}

// writeInPlace opens path for writing (a pipe blocks until its reader
// opens it) and writes through a buffer; the first write, flush or close
// error is returned.
func writeInPlace(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 64<<10)
	if err := write(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// bodiesDir holds the request bodies of long curl lines, beside the first
// file report.
const bodiesDir = "errprobe-bodies"

// writeBodies moves the bodies of long example curl lines into files
// beside the first file report, so the lines stay short enough to read
// and paste; without a file report the terminal cuts them with a note.
func writeBodies(run *report.Run, outs []output) error {
	for _, o := range outs {
		if o.path == "" {
			continue
		}
		dir := filepath.Join(filepath.Dir(o.path), bodiesDir)
		files := run.MoveLongBodies(dir)
		if len(files) == 0 {
			return nil
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("%w: request bodies: %v", errReport, err)
		}
		for _, f := range files {
			if err := writeFile(filepath.FromSlash(f.Path), func(w io.Writer) error {
				_, err := io.WriteString(w, f.Body)
				return err
			}); err != nil {
				return fmt.Errorf("%w: request body %s: %v", errReport, f.Path, err)
			}
		}
		return nil
	}
	return nil
}
