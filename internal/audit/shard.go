package audit

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/errprobe/errprobe/checks"
)

// maxShards bounds --shard's n: more CI jobs than that is a typo.
const maxShards = 1000

// Shard selects part of a plan so that n CI jobs, one per shard, send every
// probe exactly once. The zero Shard selects everything.
type Shard struct {
	Index, Count int // Index is 1-based
}

// ParseShard reads "i/n" with 1 <= i <= n.
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	index, err1 := strconv.Atoi(i)
	count, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || count < 1 || count > maxShards || index < 1 || index > count {
		return Shard{}, fmt.Errorf("shard %q: want i/n with 1 <= i <= n <= %d, e.g. 2/3", s, maxShards)
	}
	return Shard{Index: index, Count: count}, nil
}

// String returns "i/n", or "" for the zero Shard.
func (s Shard) String() string {
	if s.Count == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// Select returns the probes of this shard, in plan order.
func (s Shard) Select(probes []checks.Probe) []checks.Probe {
	if s.Count <= 1 {
		return probes
	}
	return SplitProbes(probes, s.Count)[s.Index-1]
}

// SplitProbes splits a plan into n shards by operation: every probe of one
// operation lands in the same shard, and unknown-route probes go with the
// path they derive from. Units are dealt largest first (ties by key) to the
// shard with the fewest probes so far (ties to the lowest), so the split
// depends only on the plan, never on the order of a map or a clock, and
// every job of a CI matrix computes the same one. Each shard keeps plan order.
func SplitProbes(probes []checks.Probe, n int) [][]checks.Probe {
	size := map[string]int{}
	var keys []string
	for _, p := range probes {
		k := unitKey(p)
		if size[k] == 0 {
			keys = append(keys, k)
		}
		size[k]++
	}
	sort.Slice(keys, func(i, j int) bool {
		if size[keys[i]] != size[keys[j]] {
			return size[keys[i]] > size[keys[j]]
		}
		return keys[i] < keys[j]
	})
	load := make([]int, n)
	shardOf := map[string]int{}
	for _, k := range keys {
		least := 0
		for i := range load {
			if load[i] < load[least] {
				least = i
			}
		}
		shardOf[k] = least
		load[least] += size[k]
	}
	out := make([][]checks.Probe, n)
	for _, p := range probes {
		i := shardOf[unitKey(p)]
		out[i] = append(out[i], p)
	}
	return out
}

// unitKey names the unit a probe is sharded with: its operation, or for
// unknown-route probes the declared path they derive from.
func unitKey(p checks.Probe) string {
	if p.Family != checks.FamilyUnknown {
		return p.Op.Method + " " + p.Op.Path
	}
	if p.CheckID == "unknown-path" {
		// "unknown-path:GET /books/{bookId}/*" derives from /books/{bookId}.
		_, path, _ := strings.Cut(p.ID, " ")
		path = strings.TrimSuffix(path, "/*")
		if path == "" {
			path = "/"
		}
		return "path " + path
	}
	return "path " + p.Op.Path
}
