package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/errprobe/errprobe/report"
	"github.com/errprobe/errprobe/schemas"
)

// maxReport bounds how much of one saved JSON report is read.
const maxReport = 512 << 20

// loadReport reads a saved JSON report ("-" is stdin), checks it against the
// report's own schema before anything trusts its fields, then decodes it,
// refusing fields the model does not hold. Every error is a usage error
// whose message starts with prefix and the file's name ("--from run.json",
// "merge: a.json").
func loadReport(prefix, path string, stdin io.Reader) (*report.Run, error) {
	name := path
	var data []byte
	var err error
	if path == "-" {
		name = "stdin"
		data, err = io.ReadAll(io.LimitReader(stdin, maxReport+1))
	} else {
		data, err = readLimited(path)
	}
	where := prefix + name
	if err != nil {
		return nil, usagef("%s: %v", where, err)
	}
	if len(data) > maxReport {
		return nil, usagef("%s: larger than %d MiB", where, maxReport>>20)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, usagef("%s: not JSON: %v", where, err)
	}
	sch, err := schemas.Builtin(schemas.Report)
	if err != nil {
		return nil, err
	}
	if fails := sch.Validate(doc); len(fails) > 0 {
		msgs := make([]string, 0, 3)
		for _, f := range fails[:min(3, len(fails))] {
			msgs = append(msgs, fmt.Sprintf("%s: %s", f.Where("(root)"), f.Message))
		}
		return nil, usagef("%s is not an errprobe JSON report (schema report.schema.json): %s", where, strings.Join(msgs, "; "))
	}
	var run report.Run
	strict := json.NewDecoder(bytes.NewReader(data))
	strict.DisallowUnknownFields()
	if err := strict.Decode(&run); err != nil {
		return nil, usagef("%s: %v", where, err)
	}
	return &run, nil
}

// readLimited reads at most one byte more than maxReport, so that a larger
// file is noticed without reading all of it.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxReport+1))
}
