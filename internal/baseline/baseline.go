// Package baseline records the violations a team accepts for now and
// compares later runs with them, so a gate fails only on what is new.
// It is pure: Read and Write take readers and writers; cmd opens files.
package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/errprobe/errprobe/report"
	"github.com/errprobe/errprobe/schemas"
)

// Version is the version of the baseline file format.
const Version = 1

// DateLayout is the layout of Entry.Expires.
const DateLayout = "2006-01-02"

// maxFile bounds how much of a baseline file is read.
const maxFile = 64 << 20

// ErrInvalid marks a baseline file that cannot be used.
var ErrInvalid = errors.New("invalid baseline")

// File is a baseline file (schemas/baseline.schema.json).
type File struct {
	Schema  string  `json:"$schema,omitempty"`
	Version int     `json:"version"`
	Entries []Entry `json:"entries"`
}

// Entry accepts the violations of one rule on one probe, or, with Cause,
// every violation of one cause (report.Cause) wherever it occurs.
type Entry struct {
	Probe string `json:"probe,omitempty"`
	Rule  string `json:"rule,omitempty"`
	// Cause is a cause fingerprint; an entry has it or Probe and Rule.
	Cause string `json:"cause,omitempty"`
	// Operation and Message are what the violation looked like when it was
	// recorded; they help reviewers and are never matched.
	Operation string `json:"operation,omitempty"`
	Message   string `json:"message,omitempty"`
	// Expires is the last day (YYYY-MM-DD, UTC) the entry accepts anything.
	Expires string `json:"expires,omitempty"`
	// Reason says why the violation is accepted.
	Reason string `json:"reason,omitempty"`
}

// Key identifies what an entry matches: a probe and rule, or a cause.
type Key struct{ Probe, Rule, Cause string }

// Key returns the entry's key.
func (e Entry) Key() Key { return Key{Probe: e.Probe, Rule: e.Rule, Cause: e.Cause} }

// expired reports whether the entry no longer accepts anything on day today.
func (e Entry) expired(today string) bool { return e.Expires != "" && e.Expires < today }

// Read decodes and validates a baseline file: its schema, real dates, and
// one entry per probe and rule.
func Read(r io.Reader) (*File, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFile {
		return nil, fmt.Errorf("%w: larger than %d MiB", ErrInvalid, maxFile>>20)
	}
	if err := validate(data); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f File
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	seen := map[Key]int{}
	for i, e := range f.Entries {
		if _, err := time.Parse(DateLayout, e.Expires); e.Expires != "" && err != nil {
			return nil, fmt.Errorf("%w: /entries/%d/expires: %q is not a date", ErrInvalid, i, e.Expires)
		}
		if e.Cause != "" && (e.Probe != "" || e.Rule != "") {
			return nil, fmt.Errorf("%w: /entries/%d: give either cause or probe and rule", ErrInvalid, i)
		}
		if j, dup := seen[e.Key()]; dup {
			return nil, fmt.Errorf("%w: /entries/%d repeats /entries/%d (probe %q, rule %q, cause %q)", ErrInvalid, i, j, e.Probe, e.Rule, e.Cause)
		}
		seen[e.Key()] = i
	}
	return &f, nil
}

func validate(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("%w: not JSON: %v", ErrInvalid, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: more than one JSON value", ErrInvalid)
	}
	s, err := schemas.Builtin(schemas.Baseline)
	if err != nil {
		return err
	}
	failures := s.Validate(v)
	if len(failures) == 0 {
		return nil
	}
	var msgs []string
	for i, f := range failures {
		if i == 3 {
			msgs = append(msgs, fmt.Sprintf("and %d more", len(failures)-i))
			break
		}
		msgs = append(msgs, fmt.Sprintf("%s: %s", f.Where("(root)"), f.Message))
	}
	return fmt.Errorf("%w: %s", ErrInvalid, strings.Join(msgs, "; "))
}

// Write encodes a baseline file, entries sorted by probe and rule, so the
// file diffs well under version control.
func Write(w io.Writer, f *File) error {
	out := *f
	out.Version = Version
	out.Entries = append([]Entry{}, f.Entries...)
	sort.Slice(out.Entries, func(i, j int) bool { return keyLess(out.Entries[i].Key(), out.Entries[j].Key()) })
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&out)
}

// FromRun records every violation of a run, one entry per probe and rule.
// Entries of prev (may be nil) that are recorded again keep their expires
// date and reason, so regenerating a baseline never drops what people
// wrote; entries of prev whose probe is in the run but could not be sent
// or judged (error, skip) are kept as they are.
func FromRun(run *report.Run, prev *File) *File {
	kept := map[Key]Entry{}
	if prev != nil {
		for _, e := range prev.Entries {
			kept[e.Key()] = e
		}
	}
	f := &File{Version: Version, Entries: []Entry{}}
	seen := map[Key]bool{}
	unjudged := map[string]bool{}
	for _, res := range run.Results {
		if res.Outcome == report.OutcomeError || res.Outcome == report.OutcomeSkip {
			unjudged[res.ID] = true
		}
	}
	if prev != nil {
		for _, e := range prev.Entries {
			if e.Cause != "" || unjudged[e.Probe] { // cause entries are written by hand
				seen[e.Key()] = true
				f.Entries = append(f.Entries, e)
			}
		}
	}
	for _, res := range run.Results {
		for _, v := range res.Violations {
			k := Key{Probe: res.ID, Rule: v.Rule}
			if seen[k] {
				continue
			}
			seen[k] = true
			old := kept[k]
			f.Entries = append(f.Entries, Entry{
				Probe: k.Probe, Rule: k.Rule, Operation: res.Operation.Key(), Message: v.Message,
				Expires: old.Expires, Reason: old.Reason,
			})
		}
	}
	sort.Slice(f.Entries, func(i, j int) bool { return keyLess(f.Entries[i].Key(), f.Entries[j].Key()) })
	return f
}

func keyLess(a, b Key) bool {
	if a.Cause != b.Cause {
		return a.Cause < b.Cause
	}
	if a.Probe != b.Probe {
		return a.Probe < b.Probe
	}
	return a.Rule < b.Rule
}
