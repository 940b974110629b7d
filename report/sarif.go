package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/errprobe/errprobe/checks"
)

// SARIF writes a SARIF 2.1.0 log for code-scanning dashboards: one rule per
// check and per rule of the catalogue, one result per cause (info causes
// only when the run fails on info), located at the representative
// operation's line in the description (line 1 when unknown), the
// description's path relative to %SRCROOT%. Probes that could not be run
// are tool execution notifications, not results: they say nothing about
// the API.
type SARIF struct{}

// Constants of the SARIF log.
const (
	sarifVersion     = "2.1.0"
	sarifSchema      = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifInfoURI     = "https://github.com/errprobe/errprobe"
	sarifFingerprint = "errprobe/cause/v1"
	sarifHelpBase    = "https://github.com/errprobe/errprobe/blob/main/docs/checks.md#"
	sarifSrcRoot     = "%SRCROOT%"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool            `json:"tool"`
	BaseIDs     map[string]sarifBase `json:"originalUriBaseIds,omitempty"`
	Invocations []sarifInvocation    `json:"invocations"`
	Results     []sarifResult        `json:"results"`
	Properties  map[string]any       `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

// sarifBase is an originalUriBaseIds entry: without a uri, the consumer
// resolves it (GitHub: the repository root), so the log holds no
// absolute path of the machine it ran on.
type sarifBase struct {
	Description sarifText `json:"description"`
}

type sarifRule struct {
	ID               string         `json:"id"`
	Name             string         `json:"name,omitempty"`
	HelpURI          string         `json:"helpUri,omitempty"`
	ShortDescription *sarifText     `json:"shortDescription,omitempty"`
	FullDescription  *sarifText     `json:"fullDescription,omitempty"`
	Help             *sarifText     `json:"help,omitempty"`
	Default          sarifConfig    `json:"defaultConfiguration"`
	Properties       map[string]any `json:"properties,omitempty"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	StartTimeUTC        string              `json:"startTimeUtc,omitempty"`
	EndTimeUTC          string              `json:"endTimeUtc,omitempty"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level      string         `json:"level"`
	Message    sarifText      `json:"message"`
	Properties map[string]any `json:"properties,omitempty"`
}

type sarifResult struct {
	RuleID       string            `json:"ruleId"`
	RuleIndex    int               `json:"ruleIndex"`
	Level        string            `json:"level"`
	Message      sarifText         `json:"message"`
	Locations    []sarifLocation   `json:"locations,omitempty"`
	Fingerprints map[string]string `json:"partialFingerprints"`
	Properties   map[string]any    `json:"properties"`
}

type sarifLocation struct {
	Physical sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	Artifact sarifArtifact `json:"artifactLocation"`
	Region   *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

// Report implements Reporter.
func (SARIF) Report(w io.Writer, run *Run) error {
	rules, index := sarifRules(run)
	out := sarifRun{
		Tool:        sarifTool{Driver: sarifDriver{Name: "errprobe", Version: run.Tool.Version, InformationURI: sarifInfoURI, Rules: rules}},
		Invocations: []sarifInvocation{sarifInvocationOf(run)},
		Results:     []sarifResult{},
		Properties: map[string]any{
			"target": run.Target, "seed": run.Seed, "errorSchema": run.ErrorSchema,
			"failOn": run.FailOn, "verdict": run.Summary.Verdict,
		},
	}
	lines := operationLines(run)
	for _, c := range run.Causes {
		if c.Severity == "info" && c.Failing == 0 {
			continue
		}
		out.Results = append(out.Results, sarifResultOf(run, c, lines[c.Example.Operation], index[c.Rule]))
	}
	if _, rel := specArtifact(run.Spec); rel {
		out.BaseIDs = map[string]sarifBase{sarifSrcRoot: {Description: sarifText{Text: "The directory errprobe ran in; in CI, the repository root."}}}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{out}})
}

// sarifRules lists the catalogue's checks, then its rules, then any rule a
// result names that the catalogue does not know (a newer or edited report),
// so every result's ruleIndex points at a descriptor.
func sarifRules(run *Run) ([]sarifRule, map[string]int) {
	var rules []sarifRule
	index := map[string]int{}
	add := func(m checks.Meta, kind string) {
		if _, dup := index[m.ID]; dup {
			return
		}
		props := map[string]any{"kind": kind}
		if m.Family != "" {
			props["family"] = string(m.Family)
		}
		d := sarifRule{ID: m.ID, Default: sarifConfig{Level: sarifLevel(m.Severity.String())}, Properties: props}
		if m.Title != "" {
			d.ShortDescription = &sarifText{Text: m.Title}
		}
		if m.Description != "" {
			d.FullDescription, d.Help = &sarifText{Text: m.Description}, &sarifText{Text: m.Description}
		}
		if fix := checks.Remedy(m.ID, run.Preset); fix != "" && kind == "rule" {
			d.HelpURI = sarifHelpBase + m.ID
			d.Help = &sarifText{Text: m.Description + "\n\nFix: " + fix}
		}
		index[m.ID] = len(rules)
		rules = append(rules, d)
	}
	for _, c := range checks.All() {
		if c.Meta().Family != checks.FamilyControl { // a control never yields a result
			add(c.Meta(), "check")
		}
	}
	for _, m := range checks.RuleMetas() {
		add(m, "rule")
	}
	for _, r := range run.Results {
		for _, v := range r.Violations {
			add(checks.Meta{ID: v.Rule, Severity: severityOf(v.Severity)}, "rule")
		}
	}
	return rules, index
}

func severityOf(s string) checks.Severity {
	sev, err := checks.ParseSeverity(s)
	if err != nil {
		return checks.SeverityError
	}
	return sev
}

// sarifLevel maps a severity name to a SARIF level; a check without a
// severity of its own reports its rules' default, error.
func sarifLevel(severity string) string {
	switch severity {
	case "warning":
		return "warning"
	case "info":
		return "note"
	}
	return "error"
}

func sarifInvocationOf(run *Run) sarifInvocation {
	inv := sarifInvocation{ExecutionSuccessful: run.Complete && run.Summary.Errored == 0}
	if !run.StartedAt.IsZero() {
		start := run.StartedAt.UTC()
		end := start.Add(time.Duration(run.DurationMs * float64(time.Millisecond)))
		inv.StartTimeUTC, inv.EndTimeUTC = start.Format(time.RFC3339Nano), end.Format(time.RFC3339Nano)
	}
	if !run.Complete && run.StopReason != "" {
		inv.Notifications = append(inv.Notifications, sarifNotification{Level: "error",
			Message: sarifText{Text: "run incomplete: " + escape(run.StopReason)}})
	}
	for _, wmsg := range run.Warnings {
		inv.Notifications = append(inv.Notifications, sarifNotification{Level: "warning", Message: sarifText{Text: escape(wmsg)}})
	}
	for _, r := range run.Results {
		if r.Outcome != OutcomeError {
			continue
		}
		inv.Notifications = append(inv.Notifications, sarifNotification{Level: "error",
			Message:    sarifText{Text: fmt.Sprintf("probe %s could not be run: %s. Reproduce: %s", r.ID, oneLineText(r.Error), escape(r.CurlLine()))},
			Properties: map[string]any{"probeId": r.ID, "requestId": r.RequestID, "family": r.Family}})
	}
	return inv
}

func sarifResultOf(run *Run, c Cause, line, ruleIndex int) sarifResult {
	res := sarifResult{
		RuleID: c.Rule, RuleIndex: ruleIndex, Level: sarifLevel(c.Severity),
		Message:      sarifText{Text: sarifMessage(c)},
		Fingerprints: map[string]string{sarifFingerprint: c.Fingerprint},
		Properties: map[string]any{
			"cause": c.Fingerprint, "fact": c.Fact, "count": c.Count, "failing": c.Failing,
			"operations": c.Operations, "probeId": c.Example.Probe, "severity": c.Severity,
		},
	}
	uri, rel := specArtifact(run.Spec)
	if uri == "" {
		return res
	}
	loc := sarifLocation{Physical: sarifPhysical{Artifact: sarifArtifact{URI: uri}, Region: &sarifRegion{StartLine: max(line, 1)}}}
	if rel {
		loc.Physical.Artifact.URIBaseID = sarifSrcRoot
	}
	res.Locations = []sarifLocation{loc}
	return res
}

// sarifMessage says what broke, how often and where, the representative
// answer and its reproduction, and the fix.
func sarifMessage(c Cause) string {
	ex := c.Example
	got := "no response"
	if ex.Status != 0 {
		got = fmt.Sprintf("status %d", ex.Status)
	}
	return fmt.Sprintf("%s: %s (%s; %s on %s). Example: %s got %s. Reproduce: %s. Fix: %s",
		c.Rule, oneLineText(ex.Message), oneLineText(c.Fact), plural(c.Count, "answer"), oneLineText(listOps(c.Operations, 5)),
		ex.Probe, got, escape(ex.Curl), oneLineText(c.Remedy))
}

// oneLineText folds whitespace and escapes control characters.
func oneLineText(s string) string { return escape(strings.Join(strings.Fields(s), " ")) }

// specArtifact is the description's address as a URI reference: URLs as
// given; file paths with forward slashes and percent-encoding, relative
// ones (rel) resolved against %SRCROOT%.
func specArtifact(spec string) (uri string, rel bool) {
	if spec == "" || spec == "-" {
		return "", false
	}
	if u, err := url.Parse(spec); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		return u.String(), false
	}
	p := filepath.ToSlash(filepath.Clean(spec))
	if filepath.IsAbs(spec) || strings.HasPrefix(p, "/") {
		return (&url.URL{Scheme: "file", Path: p}).String(), false
	}
	return (&url.URL{Path: strings.TrimPrefix(p, "./")}).String(), true
}
