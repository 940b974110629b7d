package report

import (
	"encoding/xml"
	"fmt"
	"github.com/errprobe/errprobe/checks"
	"io"
	"strings"
)

// JUnit writes JUnit XML: a testsuite per probe family, a testcase per
// probe, <failure> for violations and <error> for probes that could not run.
type JUnit struct{}

type junitSuites struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	// No skipped count here: the Jenkins xUnit schema allows it only on
	// <testsuite>, where every consumer reads it.
	Time   string       `xml:"time,attr"`
	Suites []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

// junitSkipped says why a probe was skipped, when errprobe knows.
type junitSkipped struct {
	Message string `xml:"message,attr,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// Report implements Reporter.
func (JUnit) Report(w io.Writer, run *Run) error {
	doc := junitSuites{Name: "errprobe", Time: seconds(run.DurationMs)}
	props := []junitProperty{
		{"target", run.Target}, {"spec", run.Spec}, {"seed", fmt.Sprint(run.Seed)},
		{"errorSchema", run.ErrorSchema}, {"complete", fmt.Sprint(run.Complete)},
	}
	for _, fam := range append(familyNames(), otherFamilies(run)...) {
		s := junitSuite{Name: fam, Properties: props, Timestamp: run.StartedAt.UTC().Format("2006-01-02T15:04:05")}
		var total float64
		for _, r := range run.Results {
			if r.Family != fam {
				continue
			}
			c := junitCase{Name: r.ID, Classname: junitClass(fam, r.Operation)}
			if r.Response != nil {
				c.Time = seconds(r.Response.DurationMs)
				total += r.Response.DurationMs
			} else {
				c.Time = "0.000"
			}
			switch r.Outcome {
			case OutcomeFail:
				typ := "fail"
				if len(r.Violations) > 0 {
					typ = r.Violations[0].Rule
				}
				c.Failure = &junitProblem{Message: failureMessage(r), Type: typ, Text: detail(r)}
				s.Failures++
			case OutcomeError:
				c.Error = &junitProblem{Message: xmlSafe(r.Error), Type: "error", Text: detail(r)}
				s.Errors++
			case OutcomeSkip:
				c.Skipped = &junitSkipped{Message: xmlSafe(r.Reason)}
				s.Skipped++
			}
			s.Tests++
			s.Cases = append(s.Cases, c)
		}
		if s.Tests == 0 {
			continue
		}
		s.Time = seconds(total)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Suites = append(doc.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func failureMessage(r Result) string {
	msgs := make([]string, len(r.Violations))
	for i, v := range r.Violations {
		msgs[i] = v.Rule + ": " + v.Message
	}
	return xmlSafe(strings.Join(msgs, "; "))
}

// detail is the text of a failure or error: the probe, the exchange and the
// reproduction.
func detail(r Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s %s\nrequest id: %s\n", r.Description, r.Request.Method, r.Request.URL, r.RequestID)
	fmt.Fprintf(&b, "expected status: %s\n", statusWords(r.Expected))
	if r.Response != nil {
		fmt.Fprintf(&b, "got status: %d\n", r.Response.Status)
	}
	for _, v := range r.Violations {
		fmt.Fprintf(&b, "[%s] %s: %s\n", v.Severity, v.Rule, v.Message)
	}
	if r.Response != nil && r.Response.Body != "" {
		fmt.Fprintf(&b, "body: %s\n", excerpt(r.Response.Body, 300))
	}
	fmt.Fprintf(&b, "reproduce: %s\n", r.CurlLine())
	return xmlSafe(b.String())
}

// xmlSafe drops characters XML 1.0 cannot carry even escaped.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000 {
			return r
		}
		return '\uFFFD'
	}, s)
}

func seconds(ms float64) string { return fmt.Sprintf("%.3f", ms/1000) }

func familyNames() []string {
	out := make([]string, len(checks.Families))
	for i, f := range checks.Families {
		out[i] = string(f)
	}
	return out
}

// otherFamilies lists families not in the catalogue (from a hand-edited or
// newer report), so no result is ever dropped from the XML.
func otherFamilies(run *Run) []string {
	known := map[string]bool{}
	for _, f := range familyNames() {
		known[f] = true
	}
	var out []string
	for _, r := range run.Results {
		if !known[r.Family] {
			known[r.Family] = true
			out = append(out, r.Family)
		}
	}
	return out
}

// junitClass names a probe's class as CI tools read class names, dotted
// like a package path with no spaces or slashes:
// errprobe.malformed.POST.pets.{id} for POST /pets/{id}.
func junitClass(family string, op Operation) string {
	parts := []string{"errprobe", family, op.Method}
	for _, seg := range strings.Split(op.Path, "/") {
		if seg == "" {
			continue
		}
		parts = append(parts, strings.Map(func(r rune) rune {
			if r == '.' || r == ' ' || r < 0x20 || r == 0x7f {
				return '_'
			}
			return r
		}, seg))
	}
	return strings.Join(parts, ".")
}
