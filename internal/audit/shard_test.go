package audit_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/audit"
	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/internal/testapi"
)

func TestParseShard(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want audit.Shard
		ok   bool
	}{
		{"1/1", audit.Shard{Index: 1, Count: 1}, true},
		{"2/3", audit.Shard{Index: 2, Count: 3}, true},
		{" 3/3 ", audit.Shard{Index: 3, Count: 3}, true},
		{"0/3", audit.Shard{}, false},
		{"4/3", audit.Shard{}, false},
		{"1/0", audit.Shard{}, false},
		{"1/1001", audit.Shard{}, false},
		{"3", audit.Shard{}, false},
		{"a/b", audit.Shard{}, false},
		{"1/2/3", audit.Shard{}, false},
		{"", audit.Shard{}, false},
	}
	for _, tt := range tests {
		got, err := audit.ParseShard(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
		if tt.ok && got.String() != strings.TrimSpace(tt.in) {
			t.Errorf("String() = %q for %q", got.String(), tt.in)
		}
	}
	if (audit.Shard{}).String() != "" {
		t.Error("the zero Shard should print as empty")
	}
}

// TestSplitProbes splits a real plan into 1 to 7 shards: every probe lands
// in exactly one shard, in plan order, no operation is split, and the
// split is the same every time.
func TestSplitProbes(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Parse(context.Background(), "testapi/openapi.yaml", testapi.Spec(), openapi.Options{})
	if err != nil {
		t.Fatal(err)
	}
	probes, _ := audit.Plan(&audit.Config{Spec: spec, Seed: 1, LowMethods: []string{"POST", "PUT", "PATCH", "DELETE"},
		Auth: audit.Identity{Headers: []audit.Header{{Name: "Authorization", Value: "Bearer x"}}}})
	for n := 1; n <= 7; n++ {
		shards := audit.SplitProbes(probes, n)
		if len(shards) != n {
			t.Fatalf("n=%d: %d shards", n, len(shards))
		}
		var all []string
		owner := map[string]int{}
		for i, s := range shards {
			if len(s) == 0 {
				t.Errorf("n=%d: shard %d is empty", n, i+1)
			}
			for _, p := range s {
				all = append(all, p.ID)
				key := p.Op.Method + " " + p.Op.Path
				if p.Family == checks.FamilyUnknown {
					continue
				}
				if o, ok := owner[key]; ok && o != i {
					t.Errorf("n=%d: operation %s in shards %d and %d", n, key, o+1, i+1)
				}
				owner[key] = i
			}
		}
		// Unknown routes go with the path they derive from.
		if i, j := shardOf(shards, "method-not-allowed:"), shardOf(shards, "unknown-path:GET /books/{bookId}/*"); i != j || i < 0 {
			t.Errorf("n=%d: method-not-allowed and unknown-path under /books/{bookId} in shards %d and %d", n, i+1, j+1)
		}
		var want []string
		for _, p := range probes {
			want = append(want, p.ID)
		}
		slices.Sort(all)
		slices.Sort(want)
		if !slices.Equal(all, want) {
			t.Errorf("n=%d: shards hold %d probes, the plan %d, or they differ", n, len(all), len(want))
		}
		again := audit.SplitProbes(probes, n)
		for i := range shards {
			if !slices.EqualFunc(shards[i], again[i], func(a, b checks.Probe) bool { return a.ID == b.ID }) {
				t.Errorf("n=%d: shard %d differs between two splits", n, i+1)
			}
		}
	}
}

// shardOf returns the shard holding the first probe whose ID starts with
// prefix and, for method-not-allowed, targets /books/{bookId}.
func shardOf(shards [][]checks.Probe, prefix string) int {
	for i, s := range shards {
		for _, p := range s {
			if strings.HasPrefix(p.ID, prefix) && strings.Contains(p.ID, "/books/{bookId}") {
				return i
			}
		}
	}
	return -1
}
