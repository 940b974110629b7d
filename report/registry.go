package report

import (
	"fmt"
	"sort"
	"strings"
)

// Options are the presentation settings reporters may use.
type Options struct {
	Color     bool
	Verbosity int // -1 quiet, 0 normal, 1 verbose
	// Width, when set, is the width of the person's terminal the report
	// is shown on: prose is wrapped to it and probe descriptions cut to
	// fit; files and CI logs (0) get every line whole.
	Width int
}

// formats maps each format name to its constructor. One explicit list.
var formats = map[string]func(Options) Reporter{
	"terminal":    func(o Options) Reporter { return NewTerminal(o) },
	"json":        func(Options) Reporter { return JSON{} },
	"junit":       func(Options) Reporter { return JUnit{} },
	"sarif":       func(Options) Reporter { return SARIF{} },
	"markdown":    func(Options) Reporter { return Markdown{} },
	"html":        func(Options) Reporter { return HTML{} },
	"codequality": func(Options) Reporter { return CodeQuality{} },
}

// Formats lists the format names, sorted.
func Formats() []string {
	names := make([]string, 0, len(formats))
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// New returns the reporter for a format name.
func New(format string, o Options) (Reporter, error) {
	f, ok := formats[format]
	if !ok {
		return nil, fmt.Errorf("unknown report format %q (want one of %s)", format, strings.Join(Formats(), ", "))
	}
	return f(o), nil
}
