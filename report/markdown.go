package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/errprobe/errprobe/checks"
)

// Markdown writes a compact summary for a pull-request comment or
// $GITHUB_STEP_SUMMARY: the verdict, the causes worst first with a
// response excerpt, a table of failing operations by family, and the
// failing probes of each operation in a <details> block. It stays within
// MarkdownLimit characters: whole blocks are left out from the end, with a
// note of what was cut. Everything that comes from the target is escaped,
// so a hostile body cannot add markup, links, HTML or mentions.
type Markdown struct{}

// MarkdownLimit is the most characters the Markdown report writes: the
// size of a GitHub comment.
const MarkdownLimit = 65536

// cutNoteRoom is kept free for the note that says what was cut.
const cutNoteRoom = 300

// Report implements Reporter.
func (Markdown) Report(w io.Writer, run *Run) error {
	var head strings.Builder
	hw := &ew{w: &head}
	s := run.Summary
	hw.printf("## %s errprobe: %s\n\n", verdictIcon(s.Verdict), strings.ToUpper(s.Verdict))
	hw.printf("%s against %s (spec %s, seed %d): %s in %s; %d passed, %d failed, %d could not be run, %d skipped.\n\n",
		plural(s.Probes, "probe"), mdText(run.Target), mdText(run.Spec), run.Seed,
		plural(run.Failing(), "violation")+" at or above "+mdText(run.FailOn), plural(run.FailingCauses(), "failing cause"),
		s.Passed, s.Failed, s.Errored, s.Skipped)
	if !run.Complete && run.StopReason != "" {
		hw.printf("**Incomplete:** %s\n\n", mdText(run.StopReason))
	}
	blocks := []mdBlock{{text: head.String()}}
	for i, c := range run.Causes {
		blocks = append(blocks, mdBlock{text: markdownCause(i+1, c), cause: true})
	}
	groups := failingGroups(run)
	if len(groups) == 0 {
		blocks = append(blocks, mdBlock{text: "No failing operation.\n"})
	} else {
		blocks = append(blocks, mdBlock{text: markdownTable(run, groups)})
		for _, g := range groups {
			var b strings.Builder
			markdownGroup(&ew{w: &b}, g)
			blocks = append(blocks, mdBlock{text: b.String(), group: true})
		}
	}
	return writeCapped(w, blocks, MarkdownLimit)
}

// mdBlock is a piece of the Markdown report that is kept or cut whole.
type mdBlock struct {
	text         string
	cause, group bool
}

// writeCapped writes blocks in order while they fit in limit characters,
// then a note of how many causes and operation details were left out.
func writeCapped(w io.Writer, blocks []mdBlock, limit int) error {
	out := &ew{w: w}
	size, causes, groups := 0, 0, 0
	cut := false
	for _, b := range blocks {
		n := utf8.RuneCountInString(b.text)
		if cut || size+n > limit-cutNoteRoom {
			cut = true
			if b.cause {
				causes++
			}
			if b.group {
				groups++
			}
			continue
		}
		size += n
		out.printf("%s", b.text)
	}
	if cut {
		out.printf("\n**Cut to fit %d characters:** %s and %s left out; the JSON or HTML report has everything.\n",
			limit, plural(causes, "cause"), plural(groups, "operation's details"))
	}
	return out.err
}

// markdownCause is one cause: rule, count and operations, the example
// answer with an excerpt and its curl line, and the fix.
func markdownCause(n int, c Cause) string {
	var b strings.Builder
	out := &ew{w: &b}
	icon := map[string]string{"error": "❌", "warning": "⚠️", "info": "ℹ️"}[c.Severity]
	out.printf("#### %d. %s %s: %s\n\n", n, icon, mdText(c.Rule), mdText(c.Title))
	out.printf("%s on %s (`%s`): %s.\n\n", plural(c.Count, "answer"), mdText(listOps(c.Operations, 5)), mdCode(c.Fingerprint), mdText(c.Example.Message))
	if ex := c.Example; ex.Status != 0 {
		out.printf("- e.g. %s → %d: %s\n", mdText(ex.Operation), ex.Status, mdText(excerpt(ex.Excerpt, causeExcerpt)))
	}
	if c.Remedy != "" {
		out.printf("- **Fix:** %s\n", mdText(c.Remedy))
	}
	fence := mdFence(c.Example.Curl)
	out.printf("\n%ssh\n%s\n%s\n\n", fence, keepLines(c.Example.Curl), fence)
	return b.String()
}

// markdownTable is the table of failing operations by family.
func markdownTable(run *Run, groups []OperationGroup) string {
	var b strings.Builder
	out := &ew{w: &b}
	fams := reportFamilies(run)
	out.printf("**Failing operations**\n\n| operation |")
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
	return b.String()
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
		curl := r.CurlLine()
		fence := mdFence(curl)
		out.printf("%ssh\n%s\n%s\n\n", fence, keepLines(curl), fence)
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
