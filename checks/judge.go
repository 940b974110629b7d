package checks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/errprobe/errprobe/schemas"
)

// SchemaMode chooses the error schema responses are validated against.
type SchemaMode string

// Schema modes; any other value is a path to the user's schema file.
const (
	SchemaAuto    SchemaMode = "auto"
	SchemaProblem SchemaMode = "problem"
	SchemaSimple  SchemaMode = "simple"
	SchemaSpec    SchemaMode = "spec"
	SchemaFile    SchemaMode = "file"
)

// Judge applies the rules to responses. It is safe for concurrent use;
// schemas are compiled once per run and cached.
type Judge struct {
	mode                     SchemaMode
	user                     *schemas.Schema
	problem, simple, lenient *schemas.Schema
	skip                     map[string]bool
	severity                 map[string]Severity

	cache     sync.Map   // *openapi.Schema → *schemas.Schema, nil when it does not compile
	compileMu sync.Mutex // one compilation at a time; lookups take no lock

	echoer     Echoer      // see SetEchoer
	runHeaders http.Header // sent with every probe, for Echo
	rules      []Rule      // the exchange rules the run keeps, in order
	autoPreset bool        // see SetAutoPreset
	learned    string      // the preset Learn chose
	// styleLeft is how many more JSON error answers get their style
	// recognised (contract.go): the first styleSample of a run teach its
	// error contract, and a long run pays for no more.
	styleLeft atomic.Int64
}

// styleSample is how many JSON error answers of a run the error contract
// is learned from.
const styleSample = 1000

// NewJudge prepares a judge. user is the compiled schema for SchemaFile.
// skip lists rule IDs whose violations are dropped.
func NewJudge(mode SchemaMode, user *schemas.Schema, skip []string) (*Judge, error) {
	j := &Judge{mode: mode, user: user, skip: map[string]bool{}}
	j.styleLeft.Store(styleSample)
	for _, id := range skip {
		j.skip[id] = true
	}
	for _, r := range Rules() {
		if r.Check != nil && !j.skip[r.ID] {
			j.rules = append(j.rules, r)
		}
	}
	var err error
	for name, dst := range map[string]**schemas.Schema{schemas.Problem: &j.problem, schemas.Simple: &j.simple, schemas.Lenient: &j.lenient} {
		if *dst, err = schemas.Builtin(name); err != nil {
			return nil, err
		}
	}
	if mode == SchemaFile && user == nil {
		return nil, fmt.Errorf("schema mode file needs a schema")
	}
	return j, nil
}

// SetSeverities overrides the severity of rules, or of every violation of
// a check's probes, by ID. Call it before judging.
func (j *Judge) SetSeverities(m map[string]Severity) { j.severity = m }

// sev returns the severity a violation of rule on a probe of check gets:
// a user override, else the rule's severity capped by the check's (a
// check whose expectation is advisory, like an unsatisfiable Accept,
// caps every violation it causes).
func (j *Judge) sev(rule, check string) Severity {
	if s, ok := j.severity[rule]; ok {
		return s
	}
	if s, ok := j.severity[check]; ok {
		return s
	}
	if cap, ok := checkCaps[check]; ok && cap < severities()[rule] && !neverAdvisory(rule) {
		return cap
	}
	return severities()[rule]
}

// checkCaps holds the checks whose violations are capped.
var checkCaps = func() map[string]Severity {
	m := map[string]Severity{}
	for _, c := range All() {
		if s := c.Meta().Severity; s != 0 {
			m[c.Meta().ID] = s
		}
	}
	return m
}()

// Judge returns the violations of one response, in rule order.
func (j *Judge) Judge(p Probe, r *Response) []Violation {
	g := j.exchange(p, r)
	defer g.release()
	return j.judge(g)
}

// JudgeView returns the violations of one response, as Judge does, and its
// run-level record, as View does, decoding and validating the body once.
func (j *Judge) JudgeView(p Probe, r *Response) ([]Violation, RunView) {
	g := j.exchange(p, r)
	defer g.release()
	return j.judge(g), j.view(&g.x)
}

// judge applies every rule the run keeps to an exchange, in Rules() order,
// then lowers an advisory probe's violations to its cap.
func (j *Judge) judge(g *judging) []Violation {
	for i := range j.rules {
		g.c.rule = i
		j.rules[i].Check(&g.c, &g.x)
	}
	return j.capped(g.x.Probe, g.c.v) // the caller's now: release clears g.c.v
}

// checkNegativeAccepted: a request that must fail got a 2xx.
func checkNegativeAccepted(c *collector, x *Exchange) {
	st := x.Response.Status
	if st < 200 || st >= 300 || !c.add("", "got %d %s, but the request should have been rejected with %s", st, http.StatusText(st), statusList(x.Probe.Expect.Statuses)) {
		return
	}
	p := x.Probe
	if e := p.Expect.Echoed; e != "" && p.Expect.AcceptedCap == 0 && bytes.Contains(x.Response.Body, []byte(e)) {
		// The route answers any value and says it back: with no 404
		// documented, that is a design the description allows.
		p.Expect.AcceptedCap = SeverityWarning
		p.Expect.AcceptedWhy = "the answer repeats the made-up value and the description documents no 404 here: the route may serve any value"
	}
	c.capStatus(p)
}

// checkServerError: a client mistake got a 5xx.
func checkServerError(c *collector, x *Exchange) {
	if st := x.Response.Status; st >= 500 {
		c.add("", "got %d %s for a client mistake; expected %s", st, http.StatusText(st), statusList(x.Probe.Expect.Statuses))
	}
}

// checkStatusExpected: any other status than the expected ones.
func checkStatusExpected(c *collector, x *Exchange) {
	st := x.Response.Status
	if (st >= 200 && st < 300) || st >= 500 || slices.Contains(x.Probe.Expect.Statuses, st) {
		return
	}
	if c.add("", "got %d %s; expected %s", st, http.StatusText(st), statusList(x.Probe.Expect.Statuses)) {
		c.capStatus(x.Probe)
	}
}

// checkAllowHeader: a 405 without Allow, or one that omits a method.
func checkAllowHeader(c *collector, x *Exchange) {
	r, p := x.Response, x.Probe
	if r.Status != http.StatusMethodNotAllowed {
		return
	}
	if strings.TrimSpace(r.Header.Get("Allow")) == "" {
		c.add("", "405 response has no Allow header (the path declares %s)", strings.Join(p.Expect.Allow, ", "))
	} else if lacking := missingMethods(r.Header.Values("Allow"), p.Expect.Allow); len(lacking) > 0 {
		c.add("", "405 Allow header %q omits %s, which the path declares; RFC 9110 §10.2.1 wants every method the resource supports",
			strings.Join(r.Header.Values("Allow"), ", "), strings.Join(lacking, ", "))
	}
}

// checkWWWAuthenticate: a 401 without a challenge.
func checkWWWAuthenticate(c *collector, x *Exchange) {
	if x.Response.Status == http.StatusUnauthorized && strings.TrimSpace(x.Response.Header.Get("WWW-Authenticate")) == "" {
		c.add("", "401 response has no WWW-Authenticate header")
	}
}

// checkLeak: internals in the body, whatever the status.
func checkLeak(c *collector, x *Exchange) {
	for _, l := range FindLeaks(x.Response.Body) {
		c.add("", "%s in the body at byte %d: %q", l.What, l.Offset, l.Excerpt)
	}
}

// capStatus lowers the violation just added, a status one, to the probe's
// AcceptedCap, saying why, unless the user set the rule's severity.
func (c *collector) capStatus(p Probe) {
	limit := p.Expect.AcceptedCap
	if limit == 0 {
		return
	}
	last := c.last()
	if _, set := c.j.severity[last.Rule]; !set && last.Severity > limit {
		last.Severity = limit
	}
	last.Message += " (" + p.Expect.AcceptedWhy + ")"
}

// neverAdvisory lists the rules a probe's cap never lowers: a leak, a 5xx
// or a hang is wrong whatever the probe.
func neverAdvisory(rule string) bool {
	return rule == RuleLeak || rule == RuleServerError || rule == RuleNoResponse
}

// capped lowers violations of an advisory probe to its cap, unless the user
// set the rule's severity explicitly or the rule is never advisory.
func (j *Judge) capped(p Probe, v []Violation) []Violation {
	if p.Expect.Cap == 0 {
		return v
	}
	for i := range v {
		_, ruleSet := j.severity[v[i].Rule]
		_, checkSet := j.severity[p.CheckID]
		if ruleSet || checkSet || neverAdvisory(v[i].Rule) {
			continue // the user's explicit severity wins over the probe's cap
		}
		if v[i].Severity > p.Expect.Cap {
			v[i].Severity = p.Expect.Cap
		}
	}
	return v
}

func numericStatus(v any) (int, bool) {
	switch x := v.(type) {
	case json.Number:
		n, err := strconv.Atoi(x.String())
		return n, err == nil
	case string:
		n, err := strconv.Atoi(x)
		return n, err == nil && n >= 100 && n <= 599
	}
	return 0, false
}

func statusList(s []int) string {
	if len(s) == 0 {
		return "an error status" // a probe planned without expectations
	}
	parts := make([]string, len(s))
	for i, n := range s {
		parts[i] = strconv.Itoa(n)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

func describeType(ct string) string {
	if ct == "" {
		return ""
	}
	return " (Content-Type " + ct + ")"
}

func describeBody(ct string, body []byte) string {
	low := bytes.ToLower(body[:min(len(body), 512)])
	kind := ct
	if kind == "" {
		kind = "without a Content-Type"
	}
	if bytes.Contains(low, []byte("<html")) || bytes.Contains(low, []byte("<!doctype html")) {
		return "an HTML page (" + kind + ")"
	}
	return kind
}

func jsonErr(err error) string {
	if err == nil || err == schemas.ErrTrailing {
		return "trailing data after the JSON value"
	}
	return err.Error()
}

// missingMethods returns the declared methods an Allow header leaves out.
func missingMethods(allow, declared []string) []string {
	have := map[string]bool{}
	for _, line := range allow {
		for _, m := range strings.Split(line, ",") {
			have[strings.ToUpper(strings.TrimSpace(m))] = true
		}
	}
	var out []string
	for _, m := range declared {
		if !have[strings.ToUpper(m)] {
			out = append(out, m)
		}
	}
	return out
}
