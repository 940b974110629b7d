package checks

import (
	"fmt"
	"strings"
)

// shapeConsistency reports errors whose body shape differs from the API's
// dominant one: the most common shape among error answers to probes of
// documented operations (every probe but the router's). Answers in the shape the description documents
// for their operation are exempt, as are JSON objects that carry every
// member of the dominant shape (a client that reads one reads the other).
func shapeConsistency(j *Judge, views []RunView, add func(int, string)) {
	counts, total := map[string]int{}, 0
	for _, v := range views {
		if v.Shape != "" && !v.Router {
			counts[v.Shape]++
			total++
		}
	}
	dom, n := dominant(counts)
	if dom == "" {
		return
	}
	for i, v := range views {
		if v.Shape == "" || v.Shape == dom || v.Documented || hasMembersOf(v.Shape, dom) {
			continue
		}
		add(i, fmt.Sprintf("%d answer from %s is shaped %s, but the API's usual error shape is %s (%d of %d error answers to documented operations)",
			v.Status, origin(v), v.Shape, dom, n, total))
	}
}

// origin says which layer of the API most likely wrote an answer.
func origin(v RunView) string {
	switch {
	case v.Router:
		return "the router (unknown route or method)"
	case v.Family == FamilyForbidden:
		return "the authentication layer"
	}
	return "the endpoint"
}

// hasMembersOf reports whether JSON object shape s has every member of
// JSON object shape dom.
func hasMembersOf(s, dom string) bool {
	if !strings.HasPrefix(s, shapeObjectPfx) || !strings.HasPrefix(dom, shapeObjectPfx) {
		return false
	}
	have := map[string]bool{}
	for _, k := range members(s) {
		have[k] = true
	}
	for _, k := range members(dom) {
		if !have[k] {
			return false
		}
	}
	return true
}

func members(shape string) []string {
	inner := strings.TrimSuffix(strings.TrimPrefix(shape, shapeObjectPfx), "}")
	if inner == "" {
		return nil
	}
	return strings.Split(inner, ",")
}

// titleConsistency reports problems whose title differs from the one their
// type usually has in this run. about:blank is exempt: its title is the
// reason phrase of each status.
func titleConsistency(j *Judge, views []RunView, add func(int, string)) {
	titles := map[string]map[string]int{} // type → title → count
	example := map[[2]string]string{}     // (type, title) → smallest probe ID
	for _, v := range views {
		if !typedProblem(v) {
			continue
		}
		if titles[v.ProblemType] == nil {
			titles[v.ProblemType] = map[string]int{}
		}
		titles[v.ProblemType][v.ProblemTitle]++
		k := [2]string{v.ProblemType, v.ProblemTitle}
		if id, ok := example[k]; !ok || v.ProbeID < id {
			example[k] = v.ProbeID
		}
	}
	for i, v := range views {
		if !typedProblem(v) {
			continue
		}
		dom, n := dominant(titles[v.ProblemType])
		if v.ProblemTitle == dom {
			continue
		}
		add(i, fmt.Sprintf("problem type %q has the title %q here but %q in %d other answers (e.g. %s); one type keeps one title (RFC 9457 §3.1.3)",
			v.ProblemType, v.ProblemTitle, dom, n, example[[2]string{v.ProblemType, dom}]))
	}
}

func typedProblem(v RunView) bool {
	return v.ProblemType != "" && v.ProblemType != "about:blank" && v.ProblemTitle != ""
}
