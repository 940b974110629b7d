package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/errprobe/errprobe/checks"
)

func checksCommand() *cli.Command {
	return &cli.Command{
		Name:  "checks",
		Usage: "list every check (kind of probe) and rule (judgement) with its ID",
		Flags: []cli.Flag{&cli.StringFlag{Name: "format", Value: "text", Usage: "text or json"}},
		Action: func(c *cli.Context) error {
			switch c.String("format") {
			case "text":
				return catalogueText(c.App.Writer)
			case "json":
				return catalogueJSON(c.App.Writer)
			}
			return usagef("--format %q: want text or json", c.String("format"))
		},
	}
}

type catalogueEntry struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	Family      string `json:"family,omitempty"`
	Severity    string `json:"severity,omitempty"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

func catalogue() []catalogueEntry {
	var out []catalogueEntry
	for _, c := range checks.All() {
		m := c.Meta()
		out = append(out, catalogueEntry{ID: m.ID, Kind: "check", Family: string(m.Family), Title: m.Title, Description: m.Description})
	}
	for _, m := range checks.Rules() {
		out = append(out, catalogueEntry{ID: m.ID, Kind: "rule", Severity: m.Severity.String(), Title: m.Title, Description: m.Description})
	}
	return out
}

func catalogueJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(catalogue())
}

func catalogueText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CHECK\tFAMILY\tWHAT IT SENDS")
	for _, e := range catalogue() {
		if e.Kind == "check" {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", e.ID, e.Family, e.Title)
		}
	}
	fmt.Fprintln(tw, "\nRULE\tSEVERITY\tWHAT IT JUDGES")
	for _, e := range catalogue() {
		if e.Kind == "rule" {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", e.ID, e.Severity, e.Title)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "\nerrprobe checks --format json prints every description and the standard behind it.")
	return err
}
