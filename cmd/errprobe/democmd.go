package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/errprobe/errprobe/examples/demoapi"
	"github.com/errprobe/errprobe/internal/config"
	"github.com/errprobe/errprobe/internal/openapi"
)

// demoSpecName is how the bundled description is named in reports.
const demoSpecName = "examples/demoapi/openapi.yaml"

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:  "demo",
		Usage: "start the bundled example API on a loopback port and audit it",
		Description: "The Widget Shop example API handles some errors well and has realistic defects in others.\n" +
			"The demo exits 0 when the audit completes; pass --fail-on to get run's exit codes.",
		Flags: append(append(sendFlags("terminal", "error"), configFlags()[1:]...),
			&cli.Int64Flag{Name: flagSeed, Value: 1, Usage: "seed for generated values"},
			&cli.StringSliceFlag{Name: flagOnly, Usage: "only these checks or families"},
			&cli.StringSliceFlag{Name: flagSkip, Usage: "skip these checks, rules or families"},
			&cli.StringFlag{Name: flagLowMethods, Value: "POST,PUT,PATCH,DELETE", Hidden: true},
			&cli.StringSliceFlag{Name: flagAuth, Hidden: true},
			&cli.StringSliceFlag{Name: flagLowAuth, Hidden: true},
		),
		Action: func(c *cli.Context) error {
			spec, err := openapi.Parse(c.Context, demoSpecName, demoapi.Spec(), openapi.Options{})
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return fmt.Errorf("starting the demo API: %w", err)
			}
			srv := &http.Server{Handler: demoapi.Handler(), ReadHeaderTimeout: 5 * time.Second}
			go func() { _ = srv.Serve(ln) }()
			defer srv.Close()
			target := &url.URL{Scheme: "http", Host: ln.Addr().String()}
			fmt.Fprintf(c.App.ErrWriter, "errprobe demo: the Widget Shop API is listening on %s\n", target)
			for _, set := range []struct{ flag, value string }{
				{flagAuth, "Authorization: Bearer " + demoapi.AdminToken},
				{flagLowAuth, "Authorization: Bearer " + demoapi.ReaderToken},
			} {
				if err := c.Set(set.flag, set.value); err != nil {
					return err
				}
			}
			err = execute(c, &config.Config{File: "(demo)"}, spec, target)
			var s silentErr
			if errors.As(err, &s) && s.code == exitViolations && !c.IsSet(flagFail) {
				fmt.Fprintln(c.App.ErrWriter, "errprobe demo: the example API has defects on purpose; `errprobe run` would exit 1 here, the demo exits 0")
				return nil
			}
			return err
		},
	}
}
