package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// writeIndex writes dir/README.md: where f's answers come from and, per
// case, the request and the status line it got. Answers below 400 are named
// but not filed.
func writeIndex(dir string, f framework, statuses []string, codes []int) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s: recorded error answers\n\n", f.Name)
	fmt.Fprintf(&b, "%s; started as `%s` in `%s`.\n", f.About, strings.Join(f.Command, " "), f.Dir)
	b.WriteString("Written by scripts/record-errorshapes.sh; never edit by hand, record again.\n")
	b.WriteString("Every request also carries `Accept: application/json, application/problem+json`.\n\n")
	b.WriteString("| file | request | answer |\n|---|---|---|\n")
	for i, c := range f.Cases {
		file := c.Name + ".http"
		if codes[i] < 400 {
			file = "(not an error: no file)"
		}
		fmt.Fprintf(&b, "| %s | %s | `%s` |\n", file, requestText(c), statuses[i])
	}
	return os.WriteFile(filepath.Join(dir, "README.md"), b.Bytes(), 0o644)
}

func requestText(c httpCase) string {
	s := "`" + c.Method + " " + c.Path + "`"
	for _, h := range c.Headers {
		s += " `" + h + "`"
	}
	if c.Body != "" {
		s += " body `" + strings.ReplaceAll(c.Body, "|", `\|`) + "`"
	}
	return s
}
