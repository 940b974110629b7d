package main

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/errprobe/errprobe/internal/config"
	"github.com/errprobe/errprobe/internal/suggest"
	"github.com/errprobe/errprobe/report"
)

// undefinedFlag is how the flag package names a flag nobody defined.
const undefinedFlag = "flag provided but not defined: "

// usageError turns urfave's flag errors into usage errors; a misspelled
// flag gets the nearest flag of the same command ("did you mean
// --target?").
func usageError(c *cli.Context, err error) error {
	msg := err.Error()
	name, ok := strings.CutPrefix(msg, undefinedFlag)
	if !ok {
		return usagef("%v", err)
	}
	name = strings.TrimLeft(name, "-")
	flags, where := c.App.Flags, "errprobe"
	if c.Command != nil && c.Command.Name != "" && c.Command.Name != c.App.Name {
		flags, where = c.Command.Flags, "errprobe "+c.Command.Name
	}
	hint := suggest.DidYouMean(dashed(name), flagWords(flags))
	return usagef("unknown flag %s%s (see %s --help)", dashed(name), hint, where)
}

// dashed spells a flag name the way help shows it.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// checkIDsHint validates --only and --skip, naming the first unknown ID and
// the nearest known one.
func checkIDsHint(c *cli.Context) error {
	names := config.CheckNames()
	for _, flag := range []string{flagOnly, flagSkip} {
		for _, id := range splitList(c.StringSlice(flag)) {
			if !slices.Contains(names, id) {
				return usagef("--%s %s: unknown check, rule or family%s (see errprobe checks)", flag, id, suggest.DidYouMean(id, names))
			}
		}
	}
	return nil
}

// reportFormatHint adds the nearest format to a bad --report.
func reportFormatHint(format string) string {
	return suggest.DidYouMean(format, report.Formats())
}

// positionalArgs explains `errprobe run SPEC TARGET`: flags are named, and
// the flag parser stops at the first bare word, so nothing after it was
// read. The message spells out what to write instead.
func positionalArgs(c *cli.Context) error {
	args := c.Args().Slice()
	if len(args) == 0 {
		return nil
	}
	name := c.Command.Name
	var fixed, bare, rest []string
	spec, target := c.IsSet(flagSpec), c.IsSet(flagTarget)
	for i, a := range args {
		lower := strings.ToLower(a)
		isDoc := strings.HasSuffix(lower, ".yaml") || strings.HasSuffix(lower, ".yml") || strings.HasSuffix(lower, ".json")
		switch {
		case strings.HasPrefix(a, "-"):
			rest = args[i:]
		case !target && looksLikeURL(a) && (spec || !isDoc):
			fixed, target = append(fixed, "--"+flagTarget, shellWord(a)), true
		case !spec:
			fixed, spec = append(fixed, "--"+flagSpec, shellWord(a)), true
		}
		if rest != nil {
			break
		}
		bare = append(bare, shellWord(a))
	}
	if len(fixed) == 0 || len(bare) > len(fixed)/2 {
		return usagef("%s takes no bare arguments, only flags; got %s (see errprobe %s --help)", name, strings.Join(bare, " "), name)
	}
	if len(c.LocalFlagNames()) == 0 {
		line := append(append([]string{"errprobe", name}, fixed...), quoteAll(rest)...)
		return usagef("%s takes flags, not bare arguments; write: %s", name, strings.Join(line, " "))
	}
	msg := fmt.Sprintf("%s takes flags, not bare arguments; write %s instead of %s", name, strings.Join(fixed, " "), strings.Join(bare, " "))
	if len(rest) > 0 {
		msg += " (the flags after it were not read: " + strings.Join(quoteAll(rest), " ") + ")"
	}
	return usagef("%s", msg)
}

func quoteAll(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = shellWord(w)
	}
	return out
}

func looksLikeURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// shellWord quotes a word for a POSIX shell when it needs it.
func shellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@,+%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
