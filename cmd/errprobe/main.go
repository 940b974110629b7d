// Command errprobe audits an API's error responses against its description.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		cancel(signalCause{<-sigs}) // the run stops and writes its reports
		sig := <-sigs               // a second signal exits at once
		os.Exit(128 + int(sig.(syscall.Signal)))
	}()
	code := run(ctx, os.Args, os.Stdout, os.Stderr)
	stopProfiles()
	os.Exit(code)
}
