// Package report renders a run in the formats people and CI systems read.
// Every format is built from Run, which is also the JSON report: anything a
// format shows can be rebuilt from a saved JSON report.
package report

import (
	"io"
	"sort"
	"time"

	"github.com/errprobe/errprobe/checks"
)

// SchemaVersion is the version of the JSON report format.
const SchemaVersion = "1.0"

// Outcomes of a probe, as checks.Threshold decides them.
const (
	OutcomePass  = checks.OutcomePass
	OutcomeFail  = checks.OutcomeFail
	OutcomeError = checks.OutcomeError
	OutcomeSkip  = checks.OutcomeSkip
)

// Reporter writes a run in one format.
type Reporter interface {
	Report(w io.Writer, run *Run) error
}

// Run is one audit: its settings, its results and its verdict.
type Run struct {
	SchemaVersion string `json:"schemaVersion"`
	Tool          Tool   `json:"tool"`
	Target        string `json:"target"`
	Spec          string `json:"spec"`
	SpecTitle     string `json:"specTitle,omitempty"`
	SpecVersion   string `json:"specVersion,omitempty"`
	Seed          int64  `json:"seed"`
	ErrorSchema   string `json:"errorSchema"`
	// ErrorContract is the error style most of the API's JSON error
	// answers use, learned from them; nil when none was recognised.
	ErrorContract *checks.Contract `json:"errorContract,omitempty"`
	FailOn        string           `json:"failOn"`
	Shard         string           `json:"shard,omitempty"` // "i/n" when only shard i of n was sent
	// Preset is the framework preset the run judged with, if any.
	Preset     string    `json:"preset,omitempty"`
	StartedAt  time.Time `json:"startedAt"`
	DurationMs float64   `json:"durationMs"`
	// Complete is false when the run stopped before every probe was sent.
	Complete   bool     `json:"complete"`
	StopReason string   `json:"stopReason,omitempty"`
	Methods    []string `json:"methods"`
	Warnings   []string `json:"warnings,omitempty"`
	Summary    Summary  `json:"summary"`
	// Causes groups the results' violations, worst first (see Cause).
	Causes  []Cause  `json:"causes"`
	Results []Result `json:"results"`

	// Baseline says how the run compared with a baseline file, if one was given.
	Baseline *BaselineSummary `json:"baseline,omitempty"`
}

// Tool identifies errprobe.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Summary counts results.
type Summary struct {
	Probes  int `json:"probes"`
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Errored int `json:"errored"`
	Skipped int `json:"skipped"`
	// Controls counts the control requests, which are records, not
	// probes: they are in none of the counts above.
	Controls   int            `json:"controls,omitempty"`
	Violations map[string]int `json:"violations"` // by severity
	Verdict    string         `json:"verdict"`    // pass, fail, incomplete
}

// Result is one probe's record.
type Result struct {
	ID          string      `json:"id"`
	Check       string      `json:"check"`
	Family      string      `json:"family"`
	Description string      `json:"description"`
	Operation   Operation   `json:"operation"`
	RequestID   string      `json:"requestId"`
	Request     Request     `json:"request"`
	Expected    []int       `json:"expectedStatuses"`
	Response    *Response   `json:"response,omitempty"`
	Outcome     string      `json:"outcome"`
	Violations  []Violation `json:"violations"`
	Error       string      `json:"error,omitempty"`
	// Reason says why a probe was skipped: not sent, or sent but not judged.
	Reason string `json:"reason,omitempty"`
	// Curl repeats the probe. A built result may leave it empty and write
	// it from the record: read it with CurlLine.
	Curl string `json:"curl"`

	// writer, when set, writes the curl line and the request ID header
	// from the record (see CurlLine and SentHeaders); Curl is then empty.
	writer *curlWriter
}

// Operation names the operation a probe targeted.
type Operation struct {
	Method      string `json:"method"`
	Path        string `json:"path"`
	OperationID string `json:"operationId,omitempty"`
	Line        int    `json:"line,omitempty"`
}

// Key is "METHOD /path".
func (o Operation) Key() string { return o.Method + " " + o.Path }

// Request is the request as sent, credentials masked.
type Request struct {
	Method string `json:"method"`
	URL    string `json:"url"`
	// Headers may leave out the request ID header in a built result, and
	// be shared with other results: read them with Result.SentHeaders.
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body,omitempty"`
}

// Response is the response as received, body cut for the report.
type Response struct {
	Status        int               `json:"status"`
	Headers       map[string]string `json:"headers"`
	Body          string            `json:"body"`
	BodyBytes     int               `json:"bodyBytes"`
	BodyTruncated bool              `json:"bodyTruncated"`
	DurationMs    float64           `json:"durationMs"`
}

// Violation is one broken rule.
type Violation struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Pointer  string `json:"pointer,omitempty"`
	// Baseline is BaselineNew or BaselineAccepted when a baseline was given.
	Baseline string `json:"baseline,omitempty"`
	// Cause is the fingerprint of the cause the violation belongs to.
	Cause string `json:"cause,omitempty"`
}

// Finish sorts the results, settles each judged result's outcome from its
// violations, baseline marks and the run's FailOn, and computes the summary
// and verdict, and groups the violations into causes. Call it again after changing any of them.
func (r *Run) Finish() {
	sort.SliceStable(r.Results, func(i, j int) bool { return resultLess(r.Results[i], r.Results[j]) })
	t := checks.LenientThreshold(r.FailOn)
	s := Summary{Violations: map[string]int{}}
	for i := range r.Results {
		r.Results[i].settle(t)
		res := r.Results[i]
		if res.Family == string(checks.FamilyControl) {
			s.Controls++
			continue
		}
		s.Probes++
		switch res.Outcome {
		case OutcomePass:
			s.Passed++
		case OutcomeFail:
			s.Failed++
		case OutcomeError:
			s.Errored++
		case OutcomeSkip:
			s.Skipped++
		}
		for _, v := range res.Violations {
			s.Violations[v.Severity]++
		}
	}
	switch {
	case !r.Complete:
		s.Verdict = "incomplete"
	case r.Failing() > 0:
		s.Verdict = "fail"
	default:
		s.Verdict = "pass"
	}
	r.Summary = s
	r.Causes = r.groupCauses()
}

// Failing counts violations at or above the run's fail-on threshold,
// leaving out those a baseline accepts.
func (r *Run) Failing() int {
	t := checks.LenientThreshold(r.FailOn)
	n := 0
	for _, res := range r.Results {
		for _, v := range res.Violations {
			if sev, err := checks.ParseSeverity(v.Severity); err == nil && t.Counts(sev, v.Baseline == BaselineAccepted) {
				n++
			}
		}
	}
	return n
}

func resultLess(a, b Result) bool {
	if a.Operation.Path != b.Operation.Path {
		return a.Operation.Path < b.Operation.Path
	}
	if a.Operation.Method != b.Operation.Method {
		return checks.MethodLess(a.Operation.Method, b.Operation.Method)
	}
	return a.ID < b.ID
}

// Operations groups results by operation, in result order.
func (r *Run) Operations() []OperationGroup {
	var out []OperationGroup
	for _, res := range r.Results {
		if len(out) == 0 || out[len(out)-1].Operation.Key() != res.Operation.Key() {
			out = append(out, OperationGroup{Operation: res.Operation})
		}
		g := &out[len(out)-1]
		g.Results = append(g.Results, res)
	}
	return out
}

// OperationGroup is the results of one operation.
type OperationGroup struct {
	Operation Operation
	Results   []Result
}
