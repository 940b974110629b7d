package main

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/internal/testapi"
)

// wire is a request as the server saw it, for comparing multisets.
func wire(recs []testapi.Recorded) []string {
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		out = append(out, fmt.Sprintf("%s %s?%s %q", r.Method, r.Path, r.Query.Encode(), r.Body))
	}
	slices.Sort(out)
	return out
}

// normalised reads a JSON report with what varies between runs removed:
// timestamps, durations and the Date header.
func normalised(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	delete(v, "startedAt")
	delete(v, "durationMs")
	for _, r := range v["results"].([]any) {
		if resp, ok := r.(map[string]any)["response"].(map[string]any); ok {
			delete(resp, "durationMs")
			delete(resp["headers"].(map[string]any), "Date")
		}
	}
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestShardsMerge runs the audit whole and as three shards against one
// server: the shards send exactly the whole run's requests, each once, and
// merging their JSON reports gives the whole run's report.
func TestShardsMerge(t *testing.T) {
	api := testapi.New(testapi.Options{Mode: testapi.HTMLErrors})
	srv := httptest.NewServer(api)
	defer srv.Close()
	spec := testapiSpec(t)
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.json")
	if code, _, stderr := errprobeCLI(t, auditArgs(spec, srv.URL, "--report", "json="+whole)...); code != exitViolations {
		t.Fatalf("whole run: exit %d\n%s", code, stderr)
	}
	sentWhole := wire(api.Requests())
	var shards []string
	for i := 1; i <= 3; i++ {
		path := filepath.Join(dir, fmt.Sprintf("shard-%d.json", i))
		shards = append(shards, path)
		code, _, stderr := errprobeCLI(t, auditArgs(spec, srv.URL, "--shard", fmt.Sprintf("%d/3", i), "--report", "json="+path)...)
		if code != exitOK && code != exitViolations {
			t.Fatalf("shard %d/3: exit %d\n%s", i, code, stderr)
		}
		if got := readJSONReport(t, path); got.Shard != fmt.Sprintf("%d/3", i) || len(got.Results) == 0 {
			t.Errorf("shard %d/3 report: shard %q, %d results", i, got.Shard, len(got.Results))
		}
	}
	sentShards := wire(api.Requests()[len(sentWhole):])
	for _, p := range shards {
		t.Logf("%s: %d probes", filepath.Base(p), len(readJSONReport(t, p).Results))
	}
	t.Logf("whole run: %d probes, %d requests", len(readJSONReport(t, whole).Results), len(sentWhole))
	if !slices.Equal(sentShards, sentWhole) {
		t.Errorf("the shards sent %d requests, the whole run %d; they differ", len(sentShards), len(sentWhole))
	}
	checkOperationsNotSplit(t, shards)

	merged := filepath.Join(dir, "merged.json")
	code, stdout, stderr := errprobeCLI(t, append(append([]string{"merge"}, shards...), "--report", "json="+merged, "--report", "terminal", "--no-color")...)
	if code != exitViolations {
		t.Fatalf("merge: exit %d, want %d\n%s", code, exitViolations, stderr)
	}
	if !strings.Contains(stdout, "FAIL") {
		t.Errorf("merge terminal report has no verdict:\n%s", stdout)
	}
	if got, want := normalised(t, merged), normalised(t, whole); got != want {
		t.Errorf("merged report differs from the whole run's:\n%s", firstLineDiff(got, want))
	}
	if code, _, _ := errprobeCLI(t, append(append([]string{"merge"}, shards...), "--report", "json=-", "--fail-on", "never")...); code != exitOK {
		t.Errorf("merge --fail-on never: exit %d, want 0", code)
	}

	// Reports that do not belong together are refused.
	seed2 := filepath.Join(dir, "seed2.json")
	errprobeCLI(t, auditArgs(spec, srv.URL, "--shard", "3/3", "--seed", "2", "--report", "json="+seed2)...)
	notReport := filepath.Join(dir, "not-a-report.json")
	if err := os.WriteFile(notReport, []byte(`{"version": 1, "entries": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	refused := []struct {
		name   string
		files  []string
		stderr string
	}{
		{"no reports", nil, "merge needs"},
		{"missing shard", shards[:2], "shard 3/3 is missing"},
		{"shard twice", []string{shards[0], shards[1], shards[2], shards[0]}, "given twice"},
		{"different seed", []string{shards[0], shards[1], seed2}, "seed"},
		{"whole and shard overlap", []string{whole, shards[0]}, "mixed"},
		{"not a report", []string{notReport}, "not an errprobe JSON report"},
		{"unreadable", []string{filepath.Join(dir, "nope.json")}, "nope.json"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := errprobeCLI(t, append([]string{"merge", "--report", "json=-"}, tt.files...)...)
			if code != exitUsage || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, exitUsage, tt.stderr)
			}
		})
	}
}

// checkOperationsNotSplit checks no operation's probes are in two shards.
func checkOperationsNotSplit(t *testing.T, paths []string) {
	t.Helper()
	owner := map[string]string{}
	for _, p := range paths {
		for _, r := range readJSONReport(t, p).Results {
			if r.Family == "unknown-route" {
				continue // grouped by the path they derive from, not their operation
			}
			if r.Family == "control" && r.ID != "control:"+r.Operation.Key() && !strings.HasSuffix(r.ID, "-reference") {
				continue // errprobe's own requests (a clean-up): made by the shard that created the item
			}
			key := r.Operation.Key()
			if o, ok := owner[key]; ok && o != p {
				t.Errorf("operation %s is in %s and %s", key, filepath.Base(o), filepath.Base(p))
			}
			owner[key] = p
		}
	}
}

func firstLineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n merged: %s\n whole:  %s", i+1, gl, wl)
		}
	}
	return ""
}

// TestBadShard: a --shard that is not i/n stops before anything is sent.
func TestBadShard(t *testing.T) {
	api := testapi.New(testapi.Options{})
	srv := httptest.NewServer(api)
	defer srv.Close()
	spec := testapiSpec(t)
	for _, s := range []string{"0/3", "4/3", "1/0", "3", "a/b", "-1/2", "1/3/5", ""} {
		t.Run(s, func(t *testing.T) {
			if s == "" {
				s = " / "
			}
			code, _, stderr := errprobeCLI(t, auditArgs(spec, srv.URL, "--shard", s)...)
			if code != exitUsage || !strings.Contains(stderr, "--shard") {
				t.Errorf("--shard %q: exit %d, stderr %q; want %d naming --shard", s, code, stderr, exitUsage)
			}
		})
	}
	if api.Count() != 0 {
		t.Errorf("%d requests sent with bad --shard values", api.Count())
	}
}
