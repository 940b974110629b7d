// Command image builds errprobe's container image as an OCI image layout
// without a Docker engine, and checks one. The release build publishes the
// same image shape with goreleaser (kos in .goreleaser.yaml); this builder
// lets CI build and inspect it on a machine without Docker.
//
//	go run . build -out DIR -version V linux/amd64=BIN linux/arm64=BIN
//	go run . check DIR
//
// The image: the static binary as /errprobe on an empty base (scratch),
// the CA certificates of the build machine for HTTPS targets, an
// /etc/passwd naming the non-root user 65532 it runs as, /work as working
// directory. One layer, multi-arch, reproducible (SOURCE_DATE_EPOCH).
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "image:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("want build or check")
	}
	switch args[0] {
	case "build":
		return build(args[1:])
	case "check":
		if len(args) != 2 {
			return fmt.Errorf("check wants one OCI layout folder")
		}
		report, err := check(args[1])
		fmt.Print(report)
		return err
	}
	return fmt.Errorf("unknown command %q: want build or check", args[0])
}
