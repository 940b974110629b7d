package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// Set by the release build with -ldflags "-X main.version=... -X main.commit=... -X main.date=...".
var (
	version = ""
	commit  = ""
	date    = ""
)

// buildVersion returns the version, falling back to the module version a
// `go install ...@version` build records.
func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

func buildCommit() string {
	if commit != "" {
		return commit
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				return s.Value
			}
		}
	}
	return "unknown"
}

func printVersion(w io.Writer) error {
	d := date
	if d == "" {
		d = "unknown"
	}
	_, err := fmt.Fprintf(w, "errprobe %s (commit %s, built %s)\n", buildVersion(), buildCommit(), d)
	return err
}
