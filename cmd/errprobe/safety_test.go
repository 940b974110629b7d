package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/examples/demoapi"
	"github.com/errprobe/errprobe/internal/hostile"
)

// These tests call run(), whose urfave/cli state is global: no t.Parallel.

const demoSpec = "../../examples/demoapi/openapi.yaml"

type result struct {
	code           int
	stdout, stderr string
}

func runArgs(args ...string) result {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"errprobe"}, args...), &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

// jsonReport is the part of the JSON report these tests read.
type jsonReport struct {
	Complete   bool     `json:"complete"`
	StopReason string   `json:"stopReason"`
	Warnings   []string `json:"warnings"`
	Methods    []string `json:"methods"`
	Summary    struct {
		Probes, Failed, Errored, Skipped int
	} `json:"summary"`
}

func readReport(t *testing.T, path string) jsonReport {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r jsonReport
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func recorded(t *testing.T, h http.Handler) (*hostile.Recorder, string) {
	t.Helper()
	rec := &hostile.Recorder{Next: h}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return rec, srv.URL
}

// Case 5: an unreachable target gives exit 3 and one message; transport
// errors are errors, never violations.
func TestUnreachableOneMessage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.json")
	r := runArgs("run", "--spec", demoSpec, "--target", closedPort(t), "--report", "json="+path)
	if r.code != exitCannotRun || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "target unreachable") {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	rep := readReport(t, path)
	if rep.Summary.Failed != 0 || rep.Complete || rep.Summary.Errored > 5+4 {
		t.Errorf("report %+v: want no failures, at most MaxTransportErrors+concurrency errors", rep.Summary)
	}
}

// Case 11: a target that keeps rate limiting stops the run: exit 3.
func TestRateLimitedExit(t *testing.T) {
	_, target := recorded(t, hostile.RateLimit(1<<30, 429, "0", nil))
	r := runArgs("run", "--spec", "testdata/ping.yaml", "--target", target)
	if r.code != exitCannotRun || !strings.Contains(r.stderr, "rate limited") {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	_, far := recorded(t, hostile.RateLimit(1<<30, 429, "3600", nil))
	r = runArgs("run", "--spec", "testdata/ping.yaml", "--target", far, "--max-retry-after", "2s")
	if r.code != exitCannotRun || !strings.Contains(r.stderr, "--max-retry-after") {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
}

// Case 12: TLS failures are exit 3 with an actionable message; --ca-cert
// and --insecure work, the latter recorded as a report warning.
func TestTLSFlags(t *testing.T) {
	srv := httptest.NewTLSServer(pingAPI())
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runArgs("run", "--spec", "testdata/ping.yaml", "--target", srv.URL)
	if r.code != exitCannotRun || !strings.Contains(r.stderr, "tls-unknown-authority") || !strings.Contains(r.stderr, "--ca-cert") {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	if r := runArgs("run", "--spec", "testdata/ping.yaml", "--target", srv.URL, "--ca-cert", ca); r.code != exitOK {
		t.Fatalf("--ca-cert: exit %d, stderr %s", r.code, r.stderr)
	}
	path := filepath.Join(dir, "r.json")
	if r := runArgs("run", "--spec", "testdata/ping.yaml", "--target", srv.URL, "--insecure", "--report", "json="+path); r.code != exitOK {
		t.Fatalf("--insecure: exit %d, stderr %s", r.code, r.stderr)
	}
	if w := readReport(t, path).Warnings; !strings.Contains(strings.Join(w, "\n"), "--insecure") {
		t.Errorf("warnings %q do not record --insecure", w)
	}
	if r := runArgs("run", "--spec", "testdata/ping.yaml", "--target", srv.URL, "--client-cert", ca); r.code != exitUsage {
		t.Errorf("--client-cert without --client-key: exit %d", r.code)
	}
}

// Case 13: --proxy carries every probe; its credentials appear nowhere.
func TestProxyCredentialsNeverPrinted(t *testing.T) {
	proxy, proxyURL := recorded(t, pingAPI())
	pu, _ := url.Parse(proxyURL)
	pu.User = url.UserPassword("proxyuser", "canary-proxy-pw-77")
	path := filepath.Join(t.TempDir(), "r.json")
	r := runArgs("run", "--spec", "testdata/ping.yaml", "--target", "http://api.example.invalid", "--proxy", pu.String(),
		"--report", "terminal", "--report", "json="+path, "--report", "junit="+path+".xml", "-v")
	if r.code != exitOK {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	if proxy.Count() == 0 || proxy.Requests()[0].Header.Get("Proxy-Authorization") == "" {
		t.Fatalf("the proxy saw %d requests", proxy.Count())
	}
	j, _ := os.ReadFile(path)
	x, _ := os.ReadFile(path + ".xml")
	all := r.stdout + r.stderr + string(j) + string(x)
	for _, canary := range []string{"canary-proxy-pw-77", base64.StdEncoding.EncodeToString([]byte("proxyuser:canary-proxy-pw-77"))} {
		if strings.Contains(all, canary) {
			t.Errorf("output holds %q", canary)
		}
	}
	bad := runArgs("run", "--spec", "testdata/ping.yaml", "--target", "http://x", "--proxy", "ftp://u:canary-proxy-pw-77@h")
	if bad.code != exitUsage || strings.Contains(bad.stderr, "canary") {
		t.Errorf("bad --proxy: exit %d, stderr %s", bad.code, bad.stderr)
	}
}

// Cases 17 and 18 end to end: --methods, --deny-methods and
// --max-requests as the server counts them.
func TestTargetLimits(t *testing.T) {
	admin := "Authorization: Bearer " + demoapi.AdminToken
	rec, target := recorded(t, demoapi.Handler())
	r := runArgs("run", "--spec", demoSpec, "--target", target, "--auth", admin, "--methods", "GET,DELETE", "--deny-methods", "delete", "--retries", "2", "--fail-on", "never")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, s := range rec.Requests() {
		if s.Method != http.MethodGet {
			t.Fatalf("server received %s %s", s.Method, s.URI)
		}
	}
	rec, target = recorded(t, demoapi.Handler())
	path := filepath.Join(t.TempDir(), "r.json")
	r = runArgs("run", "--spec", demoSpec, "--target", target, "--auth", admin, "--max-requests", "5", "-c", "8", "--report", "json="+path)
	if rec.Count() > 5 || r.code != exitCannotRun || !strings.Contains(r.stderr, "--max-requests 5") {
		t.Fatalf("%d requests, exit %d, stderr %s", rec.Count(), r.code, r.stderr)
	}
	if rep := readReport(t, path); rep.Complete || rep.Summary.Skipped < rep.Summary.Probes-5 || !strings.Contains(rep.StopReason, "not run") {
		t.Errorf("report %+v", rep)
	}
}

// Case 19: the terminal header names the host, the methods and whether the
// run can change data.
func TestHeaderStatesWhatIsDone(t *testing.T) {
	admin := "Authorization: Bearer " + demoapi.AdminToken
	_, target := recorded(t, demoapi.Handler())
	host := strings.TrimPrefix(target, "http://")
	r := runArgs("run", "--spec", demoSpec, "--target", target, "--auth", admin, "--fail-on", "never")
	head := strings.Join(strings.SplitN(r.stdout, "\n", 4)[:3], "\n")
	for _, want := range []string{host, "Methods sent: DELETE, GET, PATCH, POST, PUT", "can change data"} {
		if !strings.Contains(head, want) {
			t.Errorf("header lacks %q:\n%s", want, head)
		}
	}
	r = runArgs("run", "--spec", demoSpec, "--target", target, "--auth", admin, "--read-only", "--fail-on", "never")
	head = strings.Join(strings.SplitN(r.stdout, "\n", 4)[:3], "\n")
	if !strings.Contains(head, "Methods sent: GET") || strings.Contains(head, "change data") {
		t.Errorf("read-only header:\n%s", head)
	}
}

// Case 21: an unwritable report path: exit 3 naming it, nothing at the
// path, the terminal summary still printed.
func TestUnwritableReport(t *testing.T) {
	_, target := recorded(t, pingAPI())
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(file, "r.json") // a file cannot be a directory, even for root
	r := runArgs("run", "--spec", "testdata/ping.yaml", "--target", target, "--report", "terminal", "--report", "json="+bad)
	if r.code != exitCannotRun || !strings.Contains(r.stderr, bad) {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	if _, err := os.Stat(bad); err == nil {
		t.Error("a file exists at the report path")
	}
	if !strings.Contains(r.stdout, "passed") {
		t.Errorf("no terminal summary:\n%s", r.stdout)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

var volatile = regexp.MustCompile(`"(startedAt|durationMs|Date)": ("[^"]*"|[0-9.e+-]+)`)

// sentLines keeps the report lines that describe what was sent.
var sentLines = regexp.MustCompile(`(?m)^\s*"(id|url|curl|requestId|method)": .*$`)

// Case 23: the same seed gives byte-identical reports apart from timings,
// whatever the concurrency. The demo API is stateful (a POST it wrongly
// accepts creates an order), so full reports are compared for read-only
// runs, and for runs with every method the requests sent are compared.
func TestDeterministicReports(t *testing.T) {
	admin := "Authorization: Bearer " + demoapi.AdminToken
	dir := t.TempDir()
	for _, mode := range []string{"read-only", "all methods"} {
		var got []string
		for i, c := range []string{"1", "8", "8"} {
			_, target := recorded(t, demoapi.Handler()) // a fresh server each time
			path := filepath.Join(dir, fmt.Sprintf("%s-%d.json", c, i))
			args := []string{"run", "--spec", demoSpec, "--target", target, "--auth", admin, "--seed", "42", "-c", c, "--report", "json=" + path, "--fail-on", "never"}
			if mode == "read-only" {
				args = append(args, "--read-only")
			}
			if r := runArgs(args...); r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			data, _ := os.ReadFile(path)
			text := strings.ReplaceAll(string(data), strings.TrimPrefix(target, "http://"), "HOST")
			text = volatile.ReplaceAllString(text, `"$1": X`)
			if mode != "read-only" {
				text = strings.Join(sentLines.FindAllString(text, -1), "\n")
			}
			got = append(got, text)
		}
		for i := 1; i < len(got); i++ {
			if got[i] == got[0] {
				continue
			}
			a, b := strings.Split(got[0], "\n"), strings.Split(got[i], "\n")
			for k := range min(len(a), len(b)) {
				if a[k] != b[k] {
					t.Fatalf("%s: run %d differs at line %d:\n%s\n%s", mode, i, k+1, a[k], b[k])
				}
			}
			t.Fatalf("%s: run %d differs in length", mode, i)
		}
	}
}
