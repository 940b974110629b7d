package report

import (
	"crypto/sha256"
	"encoding/hex"
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
// check and per rule of the catalogue, one result per violation, located at
// the operation in the description. Probes that could not be run are tool
// execution notifications, not results: they say nothing about the API.
type SARIF struct{}

// Constants of the SARIF log.
const (
	sarifVersion     = "2.1.0"
	sarifSchema      = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifInfoURI     = "https://github.com/errprobe/errprobe"
	sarifFingerprint = "errprobe/probeRule/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	Properties  map[string]any    `json:"properties,omitempty"`
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

type sarifRule struct {
	ID               string         `json:"id"`
	Name             string         `json:"name,omitempty"`
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
	URI string `json:"uri"`
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
	for _, r := range run.Results {
		for _, v := range r.Violations {
			out.Results = append(out.Results, sarifResultOf(run, r, v, index[v.Rule]))
		}
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
			Message:    sarifText{Text: fmt.Sprintf("probe %s could not be run: %s. Reproduce: %s", r.ID, oneLineText(r.Error), escape(r.Full().Curl))},
			Properties: map[string]any{"probeId": r.ID, "requestId": r.RequestID, "family": r.Family}})
	}
	return inv
}

func sarifResultOf(run *Run, r Result, v Violation, ruleIndex int) sarifResult {
	res := sarifResult{
		RuleID: v.Rule, RuleIndex: ruleIndex, Level: sarifLevel(v.Severity),
		Message:      sarifText{Text: sarifMessage(r, v)},
		Fingerprints: map[string]string{sarifFingerprint: fingerprint(r.ID, v.Rule)},
		Properties: map[string]any{
			"probeId": r.ID, "requestId": r.RequestID, "family": r.Family, "check": r.Check,
			"operation": r.Operation.Key(), "severity": v.Severity,
		},
	}
	if v.Pointer != "" {
		res.Properties["pointer"] = v.Pointer
	}
	if uri := specURI(run.Spec); uri != "" {
		loc := sarifLocation{Physical: sarifPhysical{Artifact: sarifArtifact{URI: uri}}}
		if r.Operation.Line > 0 {
			loc.Physical.Region = &sarifRegion{StartLine: r.Operation.Line}
		}
		res.Locations = []sarifLocation{loc}
	}
	return res
}

// sarifMessage names the probe, what was sent, expected against actual,
// the broken rule and the curl line that reproduces it.
func sarifMessage(r Result, v Violation) string {
	got := "no response"
	if r.Response != nil {
		got = fmt.Sprintf("status %d", r.Response.Status)
	}
	return fmt.Sprintf("%s: %s. Probe %s (%s) sent %s %s; expected %s, got %s. Reproduce: %s",
		v.Rule, oneLineText(v.Message), r.ID, oneLineText(r.Description), r.Request.Method, escape(r.Request.URL),
		statusWords(r.Expected), got, escape(r.Full().Curl))
}

// oneLineText folds whitespace and escapes control characters.
func oneLineText(s string) string { return escape(strings.Join(strings.Fields(s), " ")) }

// fingerprint is stable across runs and spec edits: the probe ID already
// names the check and the operation.
func fingerprint(probeID, rule string) string {
	sum := sha256.Sum256([]byte(probeID + "\x00" + rule))
	return hex.EncodeToString(sum[:16])
}

// specURI is the description's address as a URI reference: URLs as given,
// file paths with forward slashes and percent-encoding.
func specURI(spec string) string {
	if spec == "" {
		return ""
	}
	if u, err := url.Parse(spec); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		return u.String()
	}
	return (&url.URL{Path: filepath.ToSlash(spec)}).String()
}
