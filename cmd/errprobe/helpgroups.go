package main

import "github.com/urfave/cli/v2"

// runCategories groups run's flags in --help. Flags left out are the
// essentials; urfave/cli lists them first, then the groups by name.
var runCategories = map[string]string{
	flagOnly: "Probes", flagSkip: "Probes", flagSeed: "Probes", flagMaxPerOp: "Probes", flagExternalRefs: "Probes",
	flagPathParam: "Probes", flagParam: "Probes", flagMaxRepairs: "Probes", flagLowAuth: "Probes", flagLowMethods: "Probes", flagBasePath: "Probes", flagHeader: "Probes",
	flagSchema: "Expectations", flagPreset: "Expectations", flagExpect: "Expectations", flagSeverity: "Expectations",
	flagIncPath: "Operations", flagIncMethod: "Operations", flagIncTag: "Operations", flagIncOp: "Operations",
	flagExcPath: "Operations", flagExcMethod: "Operations", flagExcTag: "Operations", flagExcOp: "Operations",
	flagBaseline: "Gating", flagBaselineWrite: "Gating", flagShard: "Gating",
	flagColor: "Output", flagNoColor: "Output", flagVerbose: "Output", flagQuiet: "Output",
	flagConcurrency: sending, flagTimeout: sending, flagRate: sending, flagMaxBody: sending,
	flagRequestID: sending, flagInsecure: sending, flagReadOnly: sending,
}

const sending = "Sending and safety"

// categorize sets each flag's help category: runCategories, else
// "Sending and safety" for the flags in traffic (safetyFlags), else none.
func categorize(flags, traffic []cli.Flag) []cli.Flag {
	isSending := map[string]bool{}
	for _, f := range traffic {
		isSending[f.Names()[0]] = true
	}
	for _, f := range flags {
		name := f.Names()[0]
		cat, ok := runCategories[name]
		if !ok && isSending[name] {
			cat = sending
		}
		switch f := f.(type) {
		case *cli.StringFlag:
			f.Category = cat
		case *cli.BoolFlag:
			f.Category = cat
		case *cli.StringSliceFlag:
			f.Category = cat
		case *cli.IntFlag:
			f.Category = cat
		case *cli.Int64Flag:
			f.Category = cat
		case *cli.Float64Flag:
			f.Category = cat
		case *cli.DurationFlag:
			f.Category = cat
		}
	}
	return flags
}
