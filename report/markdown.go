package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/errprobe/errprobe/checks"
)

// Markdown writes a compact summary for a pull-request comment or
// $GITHUB_STEP_SUMMARY: the verdict, a table of failing operations by
// family, and the failing probes of each operation in a <details> block.
// Everything that comes from the target is escaped, so a hostile body
// cannot add markup, links, HTML or mentions.
type Markdown struct{}

// Report implements Reporter.
func (Markdown) Report(w io.Writer, run *Run) error {
	out := &ew{w: w}
	s := run.Summary
	out.printf("## %s errprobe: %s\n\n", verdictIcon(s.Verdict), strings.ToUpper(s.Verdict))
	out.printf("%s against %s (spec %s, seed %d): %s; %d passed, %d failed, %d could not be run, %d skipped.\n\n",
		plural(s.Probes, "probe"), mdText(run.Target), mdText(run.Spec), run.Seed,
		plural(run.Failing(), "violation")+" at or above "+mdText(run.FailOn), s.Passed, s.Failed, s.Errored, s.Skipped)
	if !run.Complete && run.StopReason != "" {
		out.printf("**Incomplete:** %s\n\n", mdText(run.StopReason))
	}
	groups := failingGroups(run)
	if len(groups) == 0 {
		out.printf("No failing operation.\n")
		return out.err
	}
	fams := reportFamilies(run)
	out.printf("| operation |")
	for _, f := range fams {
		out.printf(" %s |", mdText(f))
	}
	out.printf("\n|---|%s\n", strings.Repeat("---|", len(fams)))
	for _, g := range groups {
		out.printf("| %s |", mdText(g.Operation.Key()))
		for _, f := range fams {
			out.printf(" %s |", markdownCell(tally(g.Results, f)))
		}
		out.printf("\n")
	}
	for _, g := range groups {
		markdownGroup(out, g)
	}
	return out.err
}

func verdictIcon(verdict string) string {
	switch verdict {
	case "pass":
		return "✅"
	case "fail":
		return "❌"
	}
	return "⚠️"
}

// tally counts the outcomes of one family's results.
func tally(rs []Result, family string) counts {
	var c counts
	for _, r := range rs {
		if r.Family == family {
			c.add(r.Outcome)
		}
	}
	return c
}

func markdownCell(c counts) string {
	switch {
	case c.fail > 0 && c.errs > 0:
		return fmt.Sprintf("❌ %d ⚠️ %d", c.fail, c.errs)
	case c.fail > 0:
		return fmt.Sprintf("❌ %d", c.fail)
	case c.errs > 0:
		return fmt.Sprintf("⚠️ %d", c.errs)
	case c.pass > 0:
		return "✅"
	}
	return "–"
}

// failingGroups keeps the operations with a failing or unrunnable probe.
func failingGroups(run *Run) []OperationGroup {
	var out []OperationGroup
	for _, g := range run.Operations() {
		for _, r := range g.Results {
			if r.Outcome == OutcomeFail || r.Outcome == OutcomeError {
				out = append(out, g)
				break
			}
		}
	}
	return out
}

// reportFamilies is the catalogue's families, then any other a result
// names. The control family is a column only where the run has controls.
func reportFamilies(run *Run) []string {
	var out []string
	for _, f := range familyNames() {
		if f != string(checks.FamilyControl) || slices.ContainsFunc(run.Results, func(r Result) bool { return r.Family == f }) {
			out = append(out, f)
		}
	}
	return append(out, otherFamilies(run)...)
}

func markdownGroup(out *ew, g OperationGroup) {
	var bad []Result
	for _, r := range g.Results {
		if r.Outcome == OutcomeFail || r.Outcome == OutcomeError {
			bad = append(bad, r)
		}
	}
	// The summary line is raw HTML to Markdown: entities only, no backslashes.
	out.printf("\n<details><summary>%s: %s</summary>\n\n", htmlText(g.Operation.Key()), plural(len(bad), "failing probe"))
	for _, r := range bad {
		r = r.Full()
		out.printf("#### %s `%s`\n\n", mdText(r.Check), mdCode(r.ID))
		out.printf("%s\n\n", mdText(r.Description))
		got := "no response"
		if r.Response != nil {
			got = fmt.Sprint(r.Response.Status)
		}
		out.printf("- expected %s, got %s\n", statusWords(r.Expected), got)
		if r.Outcome == OutcomeError {
			out.printf("- ⚠️ could not be run: %s\n", mdText(r.Error))
		}
		for _, v := range r.Violations {
			out.printf("- **%s** %s: %s\n", mdText(v.Severity), mdText(v.Rule), mdText(v.Message))
		}
		out.printf("- request id: %s\n\n", mdText(r.RequestID))
		fence := mdFence(r.Curl)
		out.printf("%ssh\n%s\n%s\n\n", fence, keepLines(r.Curl), fence)
	}
	out.printf("</details>\n")
}

// mdReplacer escapes what Markdown or HTML would interpret: HTML as entities
// (a backslash does not stop a raw tag in every renderer), Markdown syntax
// with a backslash, and an @ with a word joiner so no one is mentioned.
var mdReplacer = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;",
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "(", `\(`, ")", `\)`,
	"|", `\|`, "~", `\~`, "#", `\#`, "!", `\!`, "@", "@\u2060",
)

// mdText makes s one line of inert Markdown text.
func mdText(s string) string {
	return mdReplacer.Replace(oneLineText(s))
}

var htmlReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "@", "@\u2060",
	"[", "&#91;", "]", "&#93;", "`", "&#96;", "*", "&#42;", "_", "&#95;", "|", "&#124;", "~", "&#126;", "!", "&#33;")

// htmlText makes s one line of inert text inside an HTML block. Markdown
// syntax is written as character references too, which both readings (raw
// HTML, or Markdown inside HTML) show as the character.
func htmlText(s string) string { return htmlReplacer.Replace(oneLineText(s)) }

// mdCode makes s safe inside a single-backtick code span in a table or list.
func mdCode(s string) string {
	return strings.NewReplacer("`", "'", "|", `\|`).Replace(oneLineText(s))
}

// mdFence returns a backtick fence longer than any backtick run in s, so
// the content cannot close the block.
func mdFence(s string) string {
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

// keepLines escapes control characters but keeps line breaks and tabs, so
// a multi-line curl command still runs when copied.
func keepLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		parts := strings.Split(l, "\t")
		for j, p := range parts {
			parts[j] = escape(p)
		}
		lines[i] = strings.Join(parts, "\t")
	}
	return strings.Join(lines, "\n")
}
