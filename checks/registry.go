package checks

import (
	"fmt"
	"sort"
)

// All returns every check in catalogue order. The list is explicit so that
// the catalogue is one place to read; IDs are stable and never renamed.
func All() []Check {
	return []Check{
		control{},
		jsonTruncated{},
		jsonSyntax{},
		contentType{},
		fieldType{},
		fieldConstraint{},
		fieldNull{},
		fieldFormat{},
		fieldUnknown{},
		bodyShape{},
		paramType{},
		paramConstraint{},
		paramEmpty{},
		paramFormat{},
		unsupportedAccept{},
		missingParam{in: "query"},
		missingParam{in: "header"},
		missingParam{in: "cookie"},
		missingField{},
		missingBody{},
		missingContentType{},
		unknownPath{},
		missingResource{},
		trailingSlash{},
		methodNotAllowed{},
		authMissing{},
		authInvalid{},
		authToken{tokenVariants[0]},
		authToken{tokenVariants[1]},
		authToken{tokenVariants[2]},
		authInQuery{},
		authLow{},
	}
}

// Lookup returns the check or rule with the given ID.
func Lookup(id string) (Meta, bool) {
	for _, c := range All() {
		if c.Meta().ID == id {
			return c.Meta(), true
		}
	}
	for _, m := range RuleMetas() {
		if m.ID == id {
			return m, true
		}
	}
	return Meta{}, false
}

// Filter selects checks by ID or family.
type Filter struct {
	Only, Skip []string // check IDs, rule IDs or family names
}

// Validate reports an ID that names no check, rule or family.
func (f Filter) Validate() error {
	for _, id := range append(append([]string{}, f.Only...), f.Skip...) {
		if _, ok := Lookup(id); ok || isFamily(id) {
			continue
		}
		return fmt.Errorf("unknown check, rule or family %q (see errprobe checks)", id)
	}
	return nil
}

// keep reports whether a check is selected. Rule IDs in the lists filter
// violations instead (see Judge) and do not select checks.
func (f Filter) keep(m Meta) bool {
	var only []string
	for _, id := range f.Only {
		if isFamily(id) || isCheck(id) {
			only = append(only, id)
		}
	}
	matches := func(ids []string) bool {
		for _, id := range ids {
			if id == m.ID || id == string(m.Family) {
				return true
			}
		}
		return false
	}
	if m.ID == CheckControl {
		// Controls serve every other probe: --only never drops them, only
		// an explicit --skip control does.
		return !matches(f.Skip)
	}
	return !matches(f.Skip) && (len(only) == 0 || matches(only))
}

func isCheck(id string) bool {
	for _, c := range All() {
		if c.Meta().ID == id {
			return true
		}
	}
	return false
}

func isFamily(s string) bool {
	for _, f := range Families {
		if string(f) == s {
			return true
		}
	}
	return false
}

// Plan generates every probe of the selected checks, sorted by operation
// (path, then method) and then by probe ID. A check that fails on an odd
// description is reported and skipped rather than stopping the plan.
func Plan(g *Gen, f Filter) (probes []Probe, warnings []string) {
	if len(g.Spec.Operations) == 0 {
		return nil, []string{"the description declares no operations"}
	}
	var kept []Check
	for _, c := range All() {
		if f.keep(c.Meta()) {
			kept = append(kept, c)
		}
	}
	seen := map[string]bool{}
	results := generate(g, kept)
	n := 0
	for _, r := range results {
		n += len(r.probes)
	}
	// One array for every probe, and each check's own dropped once merged:
	// planning is one of a long run's two memory peaks.
	probes = make([]Probe, 0, n)
	for i, r := range results {
		results[i].probes = nil
		if r.err != nil {
			warnings = append(warnings, r.err.Error())
			continue
		}
		for _, p := range r.probes {
			if !seen[p.ID] {
				seen[p.ID] = true
				probes = append(probes, p)
			}
		}
	}
	SortProbes(probes)
	return probes, warnings
}

func safeProbes(c Check, g *Gen) (ps []Probe, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("check %s could not generate probes: %v", c.Meta().ID, r)
		}
	}()
	return c.Probes(g), nil
}

// SortProbes orders probes by path, method, then probe ID.
func SortProbes(ps []Probe) {
	sort.SliceStable(ps, func(i, j int) bool { return probeLess(ps[i], ps[j]) })
}

func probeLess(a, b Probe) bool {
	if a.Op.Path != b.Op.Path {
		return a.Op.Path < b.Op.Path
	}
	if a.Op.Method != b.Op.Method {
		return MethodLess(a.Op.Method, b.Op.Method)
	}
	return a.ID < b.ID
}

// methodRanks orders methods as descriptions usually list them.
var methodRanks = map[string]int{"GET": 1, "PUT": 2, "POST": 3, "DELETE": 4, "OPTIONS": 5, "HEAD": 6, "PATCH": 7, "TRACE": 8}

// MethodLess orders methods: the standard ones in MethodOrder, then any
// other by name.
func MethodLess(a, b string) bool {
	ra, rb := methodRanks[a], methodRanks[b]
	if ra == 0 {
		ra = 99
	}
	if rb == 0 {
		rb = 99
	}
	if ra != rb {
		return ra < rb
	}
	return a < b
}
