package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/audit"
)

func planCommand() *cli.Command {
	return &cli.Command{
		Name:      "plan",
		Usage:     "list every probe run would send; sends nothing",
		UsageText: "errprobe plan --spec openapi.yaml [--format text|json] [flags]",
		Flags: append(append(specFlags(),
			&cli.StringFlag{Name: "format", Value: "text", Usage: "text or json"},
			// As in run, so plan lists exactly what run would send.
			&cli.StringSliceFlag{Name: flagMethods, Usage: "list only probes with these HTTP methods (comma-separated, repeatable)"},
			&cli.StringSliceFlag{Name: flagDenyMethods, Usage: "leave out probes with these HTTP methods (comma-separated, repeatable)"},
		), configFlags()...),
		Action: func(c *cli.Context) error {
			format := c.String("format")
			if format != "text" && format != "json" {
				return usagef("--format %q: want text or json", format)
			}
			cf, err := loadConfig(c)
			if err != nil {
				return err
			}
			spec, err := loadSpecFrom(c, cf)
			if err != nil {
				return err
			}
			cfg := &audit.Config{Spec: spec, Seed: c.Int64(flagSeed)}
			if err := planSettings(c, cf, cfg); err != nil {
				return err
			}
			allow, err := methodFilter(splitList(c.StringSlice(flagMethods)), splitList(c.StringSlice(flagDenyMethods)))
			if err != nil {
				return err
			}
			cfg.Limits.AllowMethod = allow
			probes, warnings := audit.Plan(cfg)
			for _, w := range append(spec.Warnings, warnings...) {
				fmt.Fprintf(c.App.ErrWriter, "warning: %s\n", oneLine(fmt.Errorf("%s", w)))
			}
			if len(probes) == 0 {
				// As run: a plan of nothing is a mistake in the filters or
				// the description, not a plan.
				return audit.ErrNoProbes
			}
			if format == "json" {
				return planJSON(c.App.Writer, probes)
			}
			return planText(c.App.Writer, spec.Title, probes)
		},
	}
}

type plannedProbe struct {
	ID          string `json:"id"`
	Check       string `json:"check"`
	Family      string `json:"family"`
	Method      string `json:"method"`
	Path        string `json:"path"`
	Operation   string `json:"operation"`
	Description string `json:"description"`
	Expected    []int  `json:"expectedStatuses"`
	// HeldBack says why run does not send the probe (see checks.HoldBack).
	HeldBack string `json:"heldBack,omitempty"`
}

func planJSON(w io.Writer, probes []checks.Probe) error {
	out := make([]plannedProbe, len(probes))
	for i, p := range probes {
		out[i] = plannedProbe{ID: p.ID, Check: p.CheckID, Family: string(p.Family), Method: p.Request.Method,
			Path: p.Request.Path, Operation: p.Op.Key(), Description: p.Description, Expected: p.Expect.Statuses, HeldBack: p.Hold}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{"probes": out, "count": len(out)})
}

func planText(out io.Writer, title string, probes []checks.Probe) error {
	// tabwriter writes every cell and its padding on its own: unbuffered,
	// a large plan costs one write system call per cell.
	w := bufio.NewWriterSize(out, 64<<10)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	held := 0
	for _, p := range probes {
		if p.Hold != "" {
			held++
		}
	}
	if held > 0 {
		fmt.Fprintln(tw, "METHOD\tPATH\tFAMILY\tCHECK\tEXPECT\tHELD BACK")
	} else {
		fmt.Fprintln(tw, "METHOD\tPATH\tFAMILY\tCHECK\tEXPECT")
	}
	perOp := map[string]map[checks.Family]int{}
	var ops []string
	for _, p := range probes {
		if held > 0 {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", p.Request.Method, p.Request.Path, p.Family, p.CheckID, ints(p.Expect.Statuses), heldWord(p))
		} else {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.Request.Method, p.Request.Path, p.Family, p.CheckID, ints(p.Expect.Statuses))
		}
		k := p.Op.Key()
		if perOp[k] == nil {
			perOp[k] = map[checks.Family]int{}
			ops = append(ops, k)
		}
		perOp[k][p.Family]++
	}
	fmt.Fprintln(tw)
	fmt.Fprint(tw, "OPERATION")
	for _, f := range checks.Families {
		fmt.Fprint(tw, "\t"+strings.ToUpper(strings.SplitN(string(f), "-", 2)[0]))
	}
	fmt.Fprintln(tw, "\tTOTAL")
	sort.Strings(ops)
	totals := map[checks.Family]int{}
	for _, k := range ops {
		m := perOp[k]
		fmt.Fprintf(tw, "%s", k)
		sum := 0
		for _, f := range checks.Families {
			fmt.Fprintf(tw, "\t%d", m[f])
			sum += m[f]
			totals[f] += m[f]
		}
		fmt.Fprintf(tw, "\t%d\n", sum)
	}
	fmt.Fprintf(tw, "TOTAL")
	for _, f := range checks.Families {
		fmt.Fprintf(tw, "\t%d", totals[f])
	}
	fmt.Fprintf(tw, "\t%d\n", len(probes))
	if err := tw.Flush(); err != nil {
		return err
	}
	controls := totals[checks.FamilyControl]
	summary := fmt.Sprintf("%d probes", len(probes)-controls)
	if controls > 0 {
		summary += fmt.Sprintf(" and %d control requests", controls)
	}
	if held > 0 {
		summary += fmt.Sprintf(", of which %d held back (irreversible operations: run sends them only with --%s)", held, flagAllowDestructive)
	}
	if _, err := fmt.Fprintf(w, "\n%s: %s, nothing sent\n", title, summary); err != nil {
		return err
	}
	return w.Flush()
}

func ints(s []int) string {
	parts := make([]string, len(s))
	for i, n := range s {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, ",")
}

// heldWord is the HELD BACK cell of a probe: why run does not send it.
func heldWord(p checks.Probe) string {
	switch {
	case p.Hold == "":
		return "-"
	case p.Request.Identity == checks.IdentityLow && strings.Contains(p.Hold, "low-privilege"):
		return "yes: the low-privilege identity would remove itself"
	}
	return "yes: " + checks.Irreversible(p.Op)
}
