// Package suggest finds the name a user most likely meant when they typed
// one that does not exist: a flag, a check ID, a preset, a configuration
// key. It has one job, so that every "did you mean" in errprobe agrees.
package suggest

import "strings"

// Closest returns the candidate nearest to word, or "" when none is near
// enough to be a likely typo. Case is ignored; a swap of two neighbouring
// letters counts as one edit. Ties go to the earliest candidate, so the
// answer is deterministic for a given list.
func Closest(word string, candidates []string) string {
	w := strings.ToLower(word)
	best, bestDist := "", -1
	for _, c := range candidates {
		d := distance(w, strings.ToLower(c))
		if d == 0 {
			return c
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist >= 0 && bestDist <= limit(w) {
		return best
	}
	return uniquePrefix(w, candidates)
}

// uniquePrefix returns the one candidate that starts with w (three letters
// at least, dashes aside), or "" when none or several do: "--conc" means
// --concurrency, "--in" could mean several flags.
func uniquePrefix(w string, candidates []string) string {
	if len(strings.TrimLeft(w, "-")) < 3 {
		return ""
	}
	found := ""
	for _, c := range candidates {
		if strings.HasPrefix(strings.ToLower(c), w) {
			if found != "" {
				return ""
			}
			found = c
		}
	}
	return found
}

// DidYouMean returns "; did you mean X?" for the closest candidate, or ""
// when there is none. Callers append it to their error message.
func DidYouMean(word string, candidates []string) string {
	if c := Closest(word, candidates); c != "" && c != word {
		return "; did you mean " + c + "?"
	}
	return ""
}

// limit is how many edits a word of this length may be off: one for short
// words, a third of the length (rounded up) for longer ones. Beyond that a suggestion is
// more often wrong than helpful.
func limit(w string) int {
	n := len([]rune(w))
	if n <= 3 {
		return 1
	}
	return (n + 2) / 3
}

// distance is the optimal string alignment distance: insertions,
// deletions, substitutions and transpositions of adjacent runes.
func distance(a, b string) int {
	s, t := []rune(a), []rune(b)
	prev2 := make([]int, len(t)+1)
	prev := make([]int, len(t)+1)
	cur := make([]int, len(t)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}
