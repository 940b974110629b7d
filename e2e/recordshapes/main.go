// Command recordshapes starts each real target under examples/targets and
// records the raw bytes of its default error answers into
// checks/testdata/errorshapes/<framework>/<case>.http, so tests of error-shape
// recognition judge what the frameworks really send, never a body typed by
// hand. Run from the module root (scripts/record-errorshapes.sh):
//
//	go run ./e2e/recordshapes [-out DIR] [FRAMEWORK...]
//
// Each file is an HTTP/1.1 response that net/http's ReadResponse parses: the
// status line, the headers that matter for judging an error (Content-Type,
// Allow, WWW-Authenticate) in that order, Content-Length of the body, a blank
// line and the body exactly as the server sent it. Line ends in the head are
// LF; the body keeps its own bytes.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("recordshapes", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "checks/testdata/errorshapes", "directory to write <framework>/<case>.http into")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var picked []framework
	for _, f := range frameworks {
		if fs.NArg() == 0 || slices.Contains(fs.Args(), f.Name) {
			picked = append(picked, f)
		}
	}
	if len(picked) == 0 {
		fmt.Fprintf(stderr, "recordshapes: no framework named %v\n", fs.Args())
		return 2
	}
	failed := false
	for _, f := range picked {
		n, err := record(ctx, f, *out)
		if err != nil {
			fmt.Fprintf(stderr, "recordshapes: %s: %v\n", f.Name, err)
			failed = true
			continue
		}
		fmt.Fprintf(stdout, "%s: %d answers recorded\n", f.Name, n)
	}
	if failed {
		return 1
	}
	return 0
}
