package checks

import (
	"slices"
	"sort"
	"strings"
)

// Names of what creating requests create. A request's bare sample names
// are the name of the resource family its path names (see family), under
// the run's seed: POST /orgs and POST /admin/users create different
// names, so that neither collides with what the other created, and a
// request naming an organisation (a transfer's new_owner) names none that
// errprobe made. Requests of one family agree (PUT /pet updates what POST
// /pet created; etcd's role/add "name" and role/delete "role"), and so do
// members named after another family ("role" and "user" of etcd's
// user/grant name the role and the user role/add and user/add created).

// nameFamilies maps the member names that name a family (the family's
// last segment, normalised, or its singular) to the family; where two
// families end alike, the exact one, then the shorter (then the first)
// wins.
type nameFamilies map[string]string

// newNameFamilies returns the families of the description's writes.
func (g *Gen) newNameFamilies() nameFamilies {
	out := nameFamilies{}
	if g.Spec == nil {
		return out
	}
	leaves := leafPaths(g)
	var fams []string
	seen := map[string]bool{}
	for _, op := range g.Spec.Operations {
		if f := family(op.Path, leaves); writes(op) && op.Body != nil && !seen[f] {
			seen[f] = true
			fams = append(fams, f)
		}
	}
	sort.Slice(fams, func(i, j int) bool {
		return len(fams[i]) < len(fams[j]) || len(fams[i]) == len(fams[j]) && fams[i] < fams[j]
	})
	// A family's last segment as it is wins over another's singular.
	for _, plural := range []bool{false, true} {
		for _, f := range fams {
			k := NormName(f[strings.LastIndex(f, "/")+1:])
			if plural {
				k = strings.TrimSuffix(k, "s")
			}
			if _, ok := out[k]; !ok && k != "" {
				out[k] = f
			}
		}
	}
	return out
}

// nameFamily returns the family whose name the string at ptr of op's
// body gets: the family its member names, else op's own.
func (g *Gen) nameFamily(op string, ptr string) string {
	fams := g.families()
	segs := strings.Split(ptr, "/")
	for i := len(segs) - 1; i > 0; i-- {
		if seg := segs[i]; seg != "" && strings.Trim(seg, "0123456789") != "" {
			if f, ok := fams[NormName(seg)]; ok {
				return f
			}
			break // the nearest member alone names it
		}
	}
	return family(op, leafPaths(g))
}

// families returns the description's name families, computed once per plan.
func (g *Gen) families() nameFamilies {
	if g.memo != nil {
		return g.memo.families
	}
	if g.Names != nil {
		return g.Names.names
	}
	return g.newNameFamilies()
}

// NameIndex holds a description's resource families (see family) and the
// member names that name them (nameFamilies), as a Gen computes them from
// its Spec and AllPaths. A Gen whose Names field is set uses them
// instead of computing them for every name it makes: Gens made one after
// another from one description (a repair's, for every request it tries)
// share one copy.
type NameIndex struct {
	leaves map[string][]string
	names  nameFamilies
}

// NewNameIndex returns g's families, computed once.
func (g *Gen) NewNameIndex() *NameIndex {
	return &NameIndex{leaves: leafPaths(g), names: g.families()}
}

// family returns the resource a write's path names: the path without its
// trailing parameters (PUT /pets/{id} is /pets), and without a last
// segment that is a verb of an RPC-style API: a leaf whose parent is no
// path of its own but holds other leaves (etcd's /v3/auth/role/add and
// /v3/auth/role/delete are /v3/auth/role; /repos/{owner}/{repo}/transfer
// stays, /repos/{owner}/{repo} being a path).
func family(path string, leaves map[string][]string) string {
	for strings.HasSuffix(path, "}") {
		path = path[:max(strings.LastIndex(path, "/"), 0)]
	}
	i := strings.LastIndex(path, "/")
	if i <= 0 {
		return path
	}
	if kids, ok := leaves[path[:i]]; ok && len(kids) >= 2 && slices.Contains(kids, path) {
		return path[:i]
	}
	return path
}

// leafPaths maps each prefix that is not a path of its own to the paths
// just under it that have nothing under them.
func leafPaths(g *Gen) map[string][]string {
	if g.memo != nil && g.memo.leaves != nil {
		return g.memo.leaves
	}
	if g.Names != nil {
		return g.Names.leaves
	}
	all := map[string]bool{}
	for _, t := range g.AllPaths {
		all[t] = true
	}
	if g.Spec != nil {
		for _, p := range g.Spec.Paths {
			all[p.Template] = true
		}
	}
	inner := map[string]bool{}
	for t := range all {
		for i := strings.LastIndex(t, "/"); i > 0; i = strings.LastIndex(t[:i], "/") {
			inner[t[:i]] = true
		}
	}
	out := map[string][]string{}
	for t := range all {
		i := strings.LastIndex(t, "/")
		if i > 0 && !inner[t] && !all[t[:i]] {
			out[t[:i]] = append(out[t[:i]], t)
		}
	}
	return out
}
