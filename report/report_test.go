package report_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/internal/redact"
	"github.com/errprobe/errprobe/report"
	"github.com/errprobe/errprobe/schemas"
)

var update = flag.Bool("update", false, "rewrite golden files")

// loadRun reads the shared fixture: one run covering every outcome, every
// family and hostile bodies.
func loadRun(t testing.TB) *report.Run {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "run.json"))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var run report.Run
	if err := dec.Decode(&run); err != nil {
		t.Fatalf("testdata/run.json: %v", err)
	}
	return &run
}

// variant is one reporter configuration with its golden file.
type variant struct {
	name   string
	format string
	opts   report.Options
}

// variants lists every registered format; the terminal in each verbosity
// and once in colour.
func variants() []variant {
	var out []variant
	for _, f := range report.Formats() {
		if f != "terminal" {
			out = append(out, variant{f, f, report.Options{}})
			continue
		}
		out = append(out,
			variant{"terminal-quiet", f, report.Options{Verbosity: -1}},
			variant{"terminal", f, report.Options{}},
			variant{"terminal-verbose", f, report.Options{Verbosity: 1}},
			variant{"terminal-color", f, report.Options{Color: true}},
		)
	}
	return out
}

func render(t testing.TB, v variant, run *report.Run) []byte {
	t.Helper()
	r, err := report.New(v.format, v.opts)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Report(&buf, run); err != nil {
		t.Fatalf("%s: %v", v.name, err)
	}
	return buf.Bytes()
}

func TestFixtureIsFinished(t *testing.T) {
	t.Parallel()
	run := loadRun(t)
	fresh := loadRun(t)
	fresh.Finish()
	if !reflect.DeepEqual(fresh, run) {
		t.Errorf("testdata/run.json is not what Finish makes of it: summary %+v, want %+v", run.Summary, fresh.Summary)
	}
	seen := map[string]bool{}
	for _, r := range run.Results {
		seen[r.Outcome], seen[r.Family] = true, true
	}
	for _, want := range []string{"pass", "fail", "error", "skip", "malformed", "missing-parameter", "unknown-route", "forbidden"} {
		if !seen[want] {
			t.Errorf("testdata/run.json has no %s result", want)
		}
	}
}

// compareGolden compares got with testdata/golden/NAME.golden, or rewrites
// the file under -update.
func compareGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (go test -update rewrites it)\n%s", name, path, firstDiff(got, want))
	}
}

func TestGolden(t *testing.T) {
	t.Parallel()
	for _, v := range variants() {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			got := render(t, v, loadRun(t))
			compareGolden(t, v.name, got)
		})
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %q\nwant: %q", i+1, gl, wl)
		}
	}
	return "(no line differs)"
}

func TestJSONMatchesSchemaAndRoundTrips(t *testing.T) {
	t.Parallel()
	sch, err := schemas.Builtin(schemas.Report)
	if err != nil {
		t.Fatal(err)
	}
	out := render(t, variant{"json", "json", report.Options{}}, loadRun(t))
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if fs := sch.Validate(doc); len(fs) > 0 {
		t.Errorf("JSON report does not match schemas/report.schema.json: %+v", fs)
	}
	var back report.Run
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if again := render(t, variant{"json", "json", report.Options{}}, &back); !bytes.Equal(again, out) {
		t.Errorf("JSON report does not round-trip:\n%s", firstDiff(again, out))
	}
}

func TestSchemaRejectsBrokenReports(t *testing.T) {
	t.Parallel()
	sch, err := schemas.Builtin(schemas.Report)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]func(r *report.Run){
		"unknown outcome":       func(r *report.Run) { r.Results[0].Outcome = "passed" },
		"unknown family":        func(r *report.Run) { r.Results[0].Family = "misc" },
		"unknown severity":      func(r *report.Run) { first(r, "fail").Violations[0].Severity = "critical" },
		"unknown verdict":       func(r *report.Run) { r.Summary.Verdict = "ok" },
		"fail without reason":   func(r *report.Run) { first(r, "fail").Violations = []report.Violation{} },
		"error without message": func(r *report.Run) { first(r, "error").Error = "" },
		"pointer not a pointer": func(r *report.Run) { first(r, "fail").Violations[0].Pointer = "detail" },
		"nil methods":           func(r *report.Run) { r.Methods = nil },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			run := loadRun(t)
			mutate(run)
			data, err := json.Marshal(run)
			if err != nil {
				t.Fatal(err)
			}
			var doc any
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			if fs := sch.Validate(doc); len(fs) == 0 {
				t.Error("schema accepted a broken report")
			}
		})
	}
}

// first returns the run's first result with an outcome.
func first(run *report.Run, outcome string) *report.Result {
	for i := range run.Results {
		if run.Results[i].Outcome == outcome {
			return &run.Results[i]
		}
	}
	panic("fixture has no " + outcome + " result")
}

// junitDoc is what a CI system reads from JUnit XML.
type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Suites   []struct {
		Name    string `xml:"name,attr"`
		Tests   int    `xml:"tests,attr"`
		Skipped int    `xml:"skipped,attr"`
		Cases   []struct {
			Name    string     `xml:"name,attr"`
			Failure *junitText `xml:"failure"`
			Error   *junitText `xml:"error"`
			Skipped *struct{}  `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

type junitText struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// decodeJUnit checks the whole document is well-formed XML and decodes it.
func decodeJUnit(t testing.TB, data []byte) junitDoc {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("JUnit output is not well-formed XML: %v\n%s", err, data)
		}
	}
	var doc junitDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("decoding JUnit: %v", err)
	}
	return doc
}

func TestJUnitWellFormed(t *testing.T) {
	t.Parallel()
	run := loadRun(t)
	doc := decodeJUnit(t, render(t, variant{"junit", "junit", report.Options{}}, run))
	var cases, failures, errs, skipped, skippedAttr int
	var texts strings.Builder
	for _, s := range doc.Suites {
		skippedAttr += s.Skipped
		for _, c := range s.Cases {
			cases++
			switch {
			case c.Failure != nil:
				failures++
				texts.WriteString(c.Failure.Message + c.Failure.Text)
			case c.Error != nil:
				errs++
				texts.WriteString(c.Error.Message + c.Error.Text)
			case c.Skipped != nil:
				skipped++
			}
		}
	}
	s := run.Summary
	for _, c := range []struct {
		what          string
		got, attr, in int
	}{
		{"testcases", cases, doc.Tests, len(run.Results)},
		{"failures", failures, doc.Failures, s.Failed},
		{"errors", errs, doc.Errors, s.Errored},
		{"skipped", skipped, skippedAttr, s.Skipped},
	} {
		if c.got != c.in || c.attr != c.in {
			t.Errorf("%s: %d elements, attribute %d, want %d", c.what, c.got, c.attr, c.in)
		}
	}
	// The hostile body is carried as text, not dropped or interpreted.
	for _, want := range []string{"]]> </testcase> <script>alert(1)</script>", "Client.Timeout exceeded"} {
		if !strings.Contains(texts.String(), want) {
			t.Errorf("JUnit failure texts lack %q", want)
		}
	}
}

func TestTerminalWithoutColorHasNoEscapes(t *testing.T) {
	t.Parallel()
	for _, v := range variants() {
		if v.format != "terminal" {
			continue
		}
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			out := render(t, v, loadRun(t))
			if has := bytes.IndexByte(out, 0x1b) >= 0; has != v.opts.Color {
				t.Errorf("ESC byte present = %v with Color %v", has, v.opts.Color)
			}
		})
	}
}

var errBroken = errors.New("broken pipe")

// brokenWriter accepts n bytes, then fails.
type brokenWriter struct{ n int }

func (w *brokenWriter) Write(p []byte) (int, error) {
	if len(p) <= w.n {
		w.n -= len(p)
		return len(p), nil
	}
	n := w.n
	w.n = 0
	return n, errBroken
}

func TestReportersReturnWriteErrors(t *testing.T) {
	t.Parallel()
	for _, v := range variants() {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			run := loadRun(t)
			size := len(render(t, v, run))
			r, err := report.New(v.format, v.opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range []int{0, 1, 100, size / 2, size - 1} {
				if err := r.Report(&brokenWriter{n: n}, run); !errors.Is(err, errBroken) {
					t.Errorf("writer failing after %d of %d bytes: error = %v, want %v", n, size, err, errBroken)
				}
			}
		})
	}
}

func TestNewUnknownFormat(t *testing.T) {
	t.Parallel()
	if _, err := report.New("pdf", report.Options{}); err == nil || !strings.Contains(err.Error(), strings.Join(report.Formats(), ", ")) {
		t.Errorf("New(pdf) error = %v, want one naming the known formats", err)
	}
}

func result(id, path, outcome string, severities ...string) report.Result {
	r := report.Result{ID: id, Operation: report.Operation{Method: "GET", Path: path}, Outcome: outcome, Violations: []report.Violation{}}
	for _, s := range severities {
		r.Violations = append(r.Violations, report.Violation{Rule: "r", Severity: s})
	}
	return r
}

// TestFinish: Finish settles each judged result's outcome from its
// violations and FailOn (result a, failing with a warning, passes under
// error), then counts; never keeps error probes failing but the verdict
// passing.
func TestFinish(t *testing.T) {
	t.Parallel()
	mixed := []report.Result{
		result("a", "/a", report.OutcomeFail, "warning", "info"),
		result("b", "/a", report.OutcomePass),
		result("c", "/b", report.OutcomeError),
		result("d", "/b", report.OutcomeSkip),
	}
	withError := append([]report.Result{result("e", "/c", report.OutcomeFail, "error")}, mixed...)
	tests := []struct {
		name     string
		failOn   string
		complete bool
		results  []report.Result
		failing  int
		want     report.Summary
	}{
		{"empty", "error", true, nil, 0,
			report.Summary{Violations: map[string]int{}, Verdict: "pass"}},
		{"error ignores warnings", "error", true, mixed, 0,
			report.Summary{Probes: 4, Passed: 2, Failed: 0, Errored: 1, Skipped: 1, Violations: map[string]int{"warning": 1, "info": 1}, Verdict: "pass"}},
		{"error counts errors", "error", true, withError, 1,
			report.Summary{Probes: 5, Passed: 2, Failed: 1, Errored: 1, Skipped: 1, Violations: map[string]int{"error": 1, "warning": 1, "info": 1}, Verdict: "fail"}},
		{"warning", "warning", true, mixed, 1,
			report.Summary{Probes: 4, Passed: 1, Failed: 1, Errored: 1, Skipped: 1, Violations: map[string]int{"warning": 1, "info": 1}, Verdict: "fail"}},
		{"info", "info", true, mixed, 2,
			report.Summary{Probes: 4, Passed: 1, Failed: 1, Errored: 1, Skipped: 1, Violations: map[string]int{"warning": 1, "info": 1}, Verdict: "fail"}},
		{"never", "never", true, withError, 0,
			report.Summary{Probes: 5, Passed: 2, Failed: 1, Errored: 1, Skipped: 1, Violations: map[string]int{"error": 1, "warning": 1, "info": 1}, Verdict: "pass"}},
		{"unset means error", "", true, withError, 1,
			report.Summary{Probes: 5, Passed: 2, Failed: 1, Errored: 1, Skipped: 1, Violations: map[string]int{"error": 1, "warning": 1, "info": 1}, Verdict: "fail"}},
		{"incomplete wins", "error", false, withError, 1,
			report.Summary{Probes: 5, Passed: 2, Failed: 1, Errored: 1, Skipped: 1, Violations: map[string]int{"error": 1, "warning": 1, "info": 1}, Verdict: "incomplete"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			run := &report.Run{FailOn: tt.failOn, Complete: tt.complete, Results: append([]report.Result(nil), tt.results...)}
			run.Finish()
			if !reflect.DeepEqual(run.Summary, tt.want) {
				t.Errorf("summary = %+v, want %+v", run.Summary, tt.want)
			}
			if got := run.Failing(); got != tt.failing {
				t.Errorf("Failing() = %d, want %d", got, tt.failing)
			}
		})
	}
}

func TestFinishSorts(t *testing.T) {
	t.Parallel()
	op := func(id, method, path string) report.Result {
		return report.Result{ID: id, Operation: report.Operation{Method: method, Path: path}}
	}
	run := &report.Run{Results: []report.Result{
		op("z", "PATCH", "/a"), op("b", "GET", "/b"), op("y", "DELETE", "/a"),
		op("a", "GET", "/b"), op("x", "POST", "/a"), op("w", "GET", "/a"),
	}}
	run.Finish()
	var got []string
	for _, r := range run.Results {
		got = append(got, r.Operation.Key()+" "+r.ID)
	}
	want := []string{"GET /a w", "POST /a x", "DELETE /a y", "PATCH /a z", "GET /b a", "GET /b b"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order = %q, want %q", got, want)
	}
}

const secret = "s3cr3t-token"

func credentialBuilder(t *testing.T) *report.Builder {
	t.Helper()
	base, err := url.Parse("https://api.example.test/v1")
	if err != nil {
		t.Fatal(err)
	}
	return &report.Builder{
		Base:            base,
		Headers:         http.Header{"User-Agent": {"errprobe-test"}},
		RequestIDHeader: "X-Request-Id",
		Credentials: map[string][]report.Credential{
			checks.IdentityAuthorized: {{Header: "Authorization", EnvVar: "ERRPROBE_AUTH"}},
		},
		Redactor: redact.New("Bearer " + secret),
	}
}

func probe(body []byte) checks.Probe {
	return checks.Probe{
		ID: "malformed-json-syntax:POST /pets", CheckID: "malformed-json-syntax", Family: checks.FamilyMalformed,
		Description: "send a body that is not JSON",
		Op:          &openapi.Operation{Method: "POST", Path: "/pets", OperationID: "createPet", Line: 7},
		Request: checks.Request{Method: "POST", Path: "/pets", Header: http.Header{"Content-Type": {"application/json"}},
			Body: body, Identity: checks.IdentityAuthorized},
		Expect: checks.Expectation{Statuses: []int{400, 422}},
	}
}

func TestBuilderMasksCredentials(t *testing.T) {
	t.Parallel()
	b64 := base64.StdEncoding.EncodeToString([]byte(secret))
	p := probe([]byte(`{"token":"` + secret + `"`))
	p.Request.Path = "/pets?access_token=" + secret
	got := credentialBuilder(t).Result(checks.Result{
		Probe:     p,
		RequestID: "errprobe-0000000000000001",
		Response: &checks.Response{
			Status:   400,
			Header:   http.Header{"Content-Type": {"application/json"}, "X-Echo-Authorization": {"Bearer " + secret}},
			Body:     []byte(`{"error":"bad token ` + secret + `","echo":"` + b64 + `"}`),
			Duration: 1500 * time.Microsecond,
		},
		Violations: []checks.Violation{{Rule: "error-schema", Severity: checks.SeverityError, Message: "echoed " + secret, Pointer: "/error"}},
	})
	data, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{secret, b64, base64.RawURLEncoding.EncodeToString([]byte(secret)),
		base64.StdEncoding.EncodeToString([]byte("Bearer " + secret))} {
		if bytes.Contains(data, []byte(leak)) {
			t.Errorf("result JSON contains %q:\n%s", leak, data)
		}
	}
	if h := got.Request.Headers["Authorization"]; h != redact.Mask {
		t.Errorf("request Authorization = %q, want %q", h, redact.Mask)
	}
	if !strings.Contains(got.CurlLine(), ` -H "$ERRPROBE_AUTH"`) {
		t.Errorf("curl lacks the credential variable: %s", got.CurlLine())
	}
	if got.Outcome != report.OutcomeFail || got.Violations[0].Pointer != "/error" || got.Response.DurationMs != 1.5 {
		t.Errorf("outcome %q, pointer %q, duration %v; want fail, /error, 1.5", got.Outcome, got.Violations[0].Pointer, got.Response.DurationMs)
	}
	run := &report.Run{SchemaVersion: report.SchemaVersion, FailOn: "error", Complete: true, Methods: []string{"POST"}, Results: []report.Result{got}}
	run.Finish()
	sch, err := schemas.Builtin(schemas.Report)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(render(t, variant{"json", "json", report.Options{}}, run), &doc); err != nil {
		t.Fatal(err)
	}
	if fs := sch.Validate(doc); len(fs) > 0 {
		t.Errorf("built run does not match the report schema: %+v", fs)
	}
}

func TestCurlIsShellSafe(t *testing.T) {
	t.Parallel()
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	dir := t.TempDir()
	body := "it's $(touch " + dir + "/dollar) `touch " + dir + "/backtick` 'quoted' $HOME \\\nline two\n\t\"end\"\n"
	res := credentialBuilder(t).Result(checks.Result{Probe: probe([]byte(body)), RequestID: "errprobe-0000000000000002"})
	cmd := exec.Command(sh, "-c", `curl() { printf '%s\n' "$@"; }; `+res.CurlLine())
	cmd.Env = append(os.Environ(), "ERRPROBE_AUTH=Authorization: Bearer from-env")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sh -c %s: %v\n%s", res.CurlLine(), err, out)
	}
	want := strings.Join([]string{
		"-g", "-sS", "-i", "-X", "POST", "https://api.example.test/v1/pets",
		"-H", "Content-Type: application/json", "-H", "User-Agent: errprobe-test", "-H", "X-Request-Id: errprobe-0000000000000002",
		"-H", "Authorization: Bearer from-env", "--data-binary", body,
	}, "\n") + "\n"
	if string(out) != want {
		t.Errorf("curl arguments:\n%q\nwant\n%q", out, want)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("the curl line executed a command: %s has %d files", dir, len(entries))
	}
}
