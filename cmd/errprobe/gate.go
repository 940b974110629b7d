package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/errprobe/errprobe/internal/audit"
	"github.com/errprobe/errprobe/internal/baseline"
	"github.com/errprobe/errprobe/internal/config"
	"github.com/errprobe/errprobe/report"
)

// Flag names of the CI gate: baselines and shards.
const (
	flagBaseline, flagBaselineWrite, flagShard = "baseline", "baseline-write", "shard"
)

// gateFlags are run's flags for gating CI: a baseline of accepted
// violations and sharding over parallel jobs.
func gateFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: flagBaseline, Usage: "baseline file: fail only on violations it does not accept (or baseline: in errprobe.yaml)"},
		&cli.StringFlag{Name: flagBaselineWrite, Usage: "write this run's violations to a baseline file (keeps expires/reason of --baseline entries)"},
		&cli.StringFlag{Name: flagShard, Usage: "send only shard i of n, split by operation, e.g. 2/3; merge the JSON reports with errprobe merge"},
	}
}

// gate is what the gate flags asked for.
type gate struct {
	baselinePath string         // --baseline, "" for none
	baseline     *baseline.File // read before anything is sent
	writePath    string         // --baseline-write, "" for none
}

// gateSettings reads the baseline and the shard before anything is sent:
// a baseline that cannot be read is a usage error naming the file.
func gateSettings(c *cli.Context, cf *config.Config, cfg *audit.Config) (*gate, error) {
	g := &gate{baselinePath: pick(c, flagBaseline, cf.Baseline), writePath: c.String(flagBaselineWrite)}
	if g.baselinePath != "" {
		f, err := readBaseline(g.baselinePath)
		if err != nil {
			return nil, err
		}
		g.baseline = f
	}
	if s := c.String(flagShard); s != "" {
		shard, err := audit.ParseShard(s)
		if err != nil {
			return nil, usagef("--%v", err)
		}
		cfg.Shard = shard
	}
	return g, nil
}

func readBaseline(path string) (*baseline.File, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, usagef("--baseline: %v", err)
	}
	defer fh.Close()
	f, err := baseline.Read(fh)
	if err != nil {
		return nil, usagef("--baseline %s: %v", path, err)
	}
	return f, nil
}

// applyBaseline marks the run's violations new or accepted, when a
// baseline was given.
func applyBaseline(run *report.Run, g *gate) {
	if g.baseline != nil {
		baseline.Apply(run, g.baseline, g.baselinePath, time.Now())
	}
}

// writeBaseline records the run's violations when --baseline-write asks
// for it. An incomplete run is not recorded: the probes it did not send
// would silently drop their entries.
func writeBaseline(run *report.Run, g *gate, stderr io.Writer) error {
	if g.writePath == "" {
		return nil
	}
	if !run.Complete {
		fmt.Fprintf(stderr, "errprobe: baseline %s not written: the run is incomplete\n", g.writePath)
		return nil
	}
	f := baseline.FromRun(run, g.baseline)
	if err := writeFile(g.writePath, func(w io.Writer) error { return baseline.Write(w, f) }); err != nil {
		return fmt.Errorf("%w: baseline %s: %v", errReport, g.writePath, err)
	}
	fmt.Fprintf(stderr, "errprobe: baseline %s written with %d entries\n", g.writePath, len(f.Entries))
	return nil
}
