package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/testfiles"
	"github.com/errprobe/errprobe/report"
)

// The OASIS SARIF schema, compiled once by sarifSchema.
var (
	sarifOnce     sync.Once
	sarifCompiled *jsonschema.Schema
	sarifErr      error
)

// sarifSchema returns the OASIS SARIF 2.1.0 schema, compiled once from the
// repository's testdata/schemas/sarif.
func sarifSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	dir := testfiles.Path(t, "schemas/sarif")
	sarifOnce.Do(func() { sarifCompiled, sarifErr = compileSARIF(dir) })
	if sarifErr != nil {
		t.Fatalf("compiling the SARIF schema from %s: %v", dir, sarifErr)
	}
	return sarifCompiled
}

// compileSARIF compiles the SARIF schema and its external property file
// schema from dir.
func compileSARIF(dir string) (*jsonschema.Schema, error) {
	const id = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	c := jsonschema.NewCompiler()
	// Only local files: the schema's own id and its external property file
	// schema are added from dir; nothing is ever fetched.
	c.LoadURL = func(s string) (io.ReadCloser, error) {
		u, err := url.Parse(s)
		if err != nil || u.Scheme != "file" {
			return nil, fmt.Errorf("refusing to load %q: only local files", s)
		}
		return os.Open(filepath.FromSlash(u.Path))
	}
	for name, rid := range map[string]string{
		"sarif-schema-2.1.0.json":                        id,
		"sarif-external-property-file-schema-2.1.0.json": strings.Replace(id, "sarif-schema", "sarif-external-property-file-schema", 1),
	} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		if err := c.AddResource(rid, bytes.NewReader(data)); err != nil {
			return nil, err
		}
	}
	return c.Compile(id)
}

// sarifValid checks a SARIF log against the OASIS schema.
func sarifValid(t testing.TB, out []byte) {
	t.Helper()
	sch := sarifSchema(t)
	var doc any
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("SARIF output is not JSON: %v", err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("SARIF output does not match sarif-schema-2.1.0.json: %#v", err)
	}
}

type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name  string
				Rules []struct {
					ID                   string
					HelpURI              string
					DefaultConfiguration struct{ Level string }
					Properties           map[string]any
				}
			}
		}
		Invocations []struct {
			ExecutionSuccessful        bool
			ToolExecutionNotifications []struct {
				Level      string
				Properties map[string]any
			}
		}
		Results []struct {
			RuleID              string
			RuleIndex           int
			Level               string
			Message             struct{ Text string }
			Locations           []json.RawMessage
			PartialFingerprints map[string]string
			Properties          map[string]any
		}
	}
}

func TestSARIF(t *testing.T) {
	t.Parallel()
	run := loadRun(t)
	out := render(t, variant{"sarif", "sarif", report.Options{}}, run)
	sarifValid(t, out)
	var doc sarifDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(doc.Runs))
	}
	r := doc.Runs[0]
	ids := map[string]bool{}
	for _, d := range r.Tool.Driver.Rules {
		ids[d.ID] = true
	}
	for _, c := range checks.All() {
		if control := c.Meta().Family == checks.FamilyControl; ids[c.Meta().ID] == control {
			t.Errorf("check %s: rule descriptor present %v, want %v (controls never yield results)", c.Meta().ID, ids[c.Meta().ID], !control)
		}
	}
	for _, m := range checks.RuleMetas() {
		if !ids[m.ID] {
			t.Errorf("no rule descriptor for rule %s", m.ID)
		}
	}
	type want struct{ rule, level, probe, region, fp string }
	lines := map[string]int{}
	for _, res := range run.Results {
		lines[res.ID] = res.Operation.Line
	}
	var wants []want
	for _, c := range run.Causes {
		if c.Severity == "info" && c.Failing == 0 {
			continue // info is left out unless it fails the run
		}
		region := fmt.Sprintf(`"region":{"startLine":%d}`, max(lines[c.Example.Probe], 1))
		level := map[string]string{"error": "error", "warning": "warning", "info": "note"}[c.Severity]
		wants = append(wants, want{c.Rule, level, c.Example.Probe, region, c.Fingerprint})
	}
	if len(r.Results) != len(wants) || len(wants) == 0 {
		t.Fatalf("%d results, want one per cause above info (%d)", len(r.Results), len(wants))
	}
	if !strings.Contains(strings.Join(strings.Fields(string(out)), ""), `"originalUriBaseIds":{"%SRCROOT%"`) {
		t.Errorf("no originalUriBaseIds for the relative description path")
	}
	prints := map[string]bool{}
	for i, got := range r.Results {
		w := wants[i]
		if got.RuleID != w.rule || got.Level != w.level || got.Properties["probeId"] != w.probe {
			t.Errorf("result %d: rule %s level %s probe %v; want %s %s %s", i, got.RuleID, got.Level, got.Properties["probeId"], w.rule, w.level, w.probe)
		}
		if d := r.Tool.Driver.Rules[got.RuleIndex]; d.ID != got.RuleID {
			t.Errorf("result %d: ruleIndex %d names %s, not %s", i, got.RuleIndex, d.ID, got.RuleID)
		}
		var loc strings.Builder
		for _, l := range got.Locations {
			loc.Write(l)
		}
		compact := strings.Join(strings.Fields(loc.String()), "")
		if !strings.Contains(compact, `"uri":"examples/petstore/openapi.yaml","uriBaseId":"%SRCROOT%"`) || !strings.Contains(compact, w.region) {
			t.Errorf("result %d (%s): location %s, want the spec relative to %%SRCROOT%% with region %q", i, w.probe, compact, w.region)
		}
		for _, part := range []string{w.probe, "Reproduce: curl ", "Fix: "} {
			if !strings.Contains(got.Message.Text, part) {
				t.Errorf("result %d: message lacks %q: %s", i, part, got.Message.Text)
			}
		}
		fp := got.PartialFingerprints["errprobe/cause/v1"]
		if fp != w.fp || prints[fp] {
			t.Errorf("result %d: fingerprint %q not the cause's (%s) or not unique", i, fp, w.fp)
		}
		prints[fp] = true
	}
	for _, d := range r.Tool.Driver.Rules {
		if d.Properties["kind"] == "rule" && !strings.HasSuffix(d.HelpURI, "docs/checks.md#"+d.ID) {
			t.Errorf("rule %s: helpUri %q", d.ID, d.HelpURI)
		}
	}
	inv := r.Invocations[0]
	errored := 0
	for _, n := range inv.ToolExecutionNotifications {
		if n.Properties["probeId"] != nil {
			errored++
		}
	}
	if inv.ExecutionSuccessful || errored != run.Summary.Errored {
		t.Errorf("executionSuccessful %v with %d probe notifications; want false and %d", inv.ExecutionSuccessful, errored, run.Summary.Errored)
	}
	// Fingerprints depend on the cause only, not on the spec line.
	moved := loadRun(t)
	for i := range moved.Results {
		moved.Results[i].Operation.Line += 10
	}
	var again sarifDoc
	if err := json.Unmarshal(render(t, variant{"sarif", "sarif", report.Options{}}, moved), &again); err != nil {
		t.Fatal(err)
	}
	for i, res := range again.Runs[0].Results {
		if a, b := res.PartialFingerprints, r.Results[i].PartialFingerprints; a["errprobe/cause/v1"] != b["errprobe/cause/v1"] {
			t.Errorf("result %d: fingerprint changed with the spec line", i)
		}
	}
}

func TestSARIFLocation(t *testing.T) {
	t.Parallel()
	tests := []struct{ spec, want string }{
		{"examples/petstore/openapi.yaml", `"uri":"examples/petstore/openapi.yaml","uriBaseId":"%SRCROOT%"`},
		{"./specs/my api.yaml", `"uri":"specs/my%20api.yaml","uriBaseId":"%SRCROOT%"`},
		{"/srv/specs/api.yaml", `"uri":"file:///srv/specs/api.yaml"`},
		{"https://api.example.test/openapi.json", `"uri":"https://api.example.test/openapi.json"`},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			t.Parallel()
			run := loadRun(t)
			run.Spec = tt.spec
			out := render(t, variant{"sarif", "sarif", report.Options{}}, run)
			sarifValid(t, out)
			compact := strings.Join(strings.Fields(string(out)), "")
			if tt.want == "" && strings.Contains(compact, `"locations"`) {
				t.Errorf("spec %q: results have locations", tt.spec)
			}
			if tt.want != "" && !strings.Contains(compact, tt.want) {
				t.Errorf("spec %q: no %s", tt.spec, tt.want)
			}
		})
	}
}

func TestSARIFUnknownRule(t *testing.T) {
	t.Parallel()
	run := loadRun(t)
	first(run, "fail").Violations[0].Rule = "rule-from-the-future"
	run.Finish()
	out := render(t, variant{"sarif", "sarif", report.Options{}}, run)
	sarifValid(t, out)
	var doc sarifDoc
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, res := range doc.Runs[0].Results {
		if res.RuleID != "rule-from-the-future" {
			continue
		}
		found = true
		if d := doc.Runs[0].Tool.Driver.Rules[res.RuleIndex]; d.ID != res.RuleID {
			t.Errorf("unknown rule: result %s points at descriptor %s", res.RuleID, d.ID)
		}
	}
	if !found {
		t.Errorf("no result for the unknown rule")
	}
}
