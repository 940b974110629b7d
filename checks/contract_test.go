package checks

import (
	"bufio"
	"bytes"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

// recorded reads the error answers recorded from a real framework
// (testdata/errorshapes/<framework>/*.http, written by
// scripts/record-errorshapes.sh, never by hand).
func recorded(t *testing.T, framework string) map[string]*Response {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "errorshapes", framework, "*.http"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no recorded answers for %s: %v", framework, err)
	}
	out := map[string]*Response{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), nil)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(f)] = &Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
	}
	return out
}

// TestRecordedErrorContracts: errprobe recognises each framework from the
// error answers it really sends, and no JSON error object carrying a
// readable message is an error-schema finding under --schema auto.
func TestRecordedErrorContracts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		framework, style, preset string
	}{
		{"nestjs", "nestjs", "nestjs"},
		{"fastify", "fastify", "fastify"},
		{"loopback", "loopback", "loopback"},
		{"grpc-gateway", "grpc-gateway", "grpc-gateway"},
		{"fastapi", "fastapi", "fastapi"},
		{"django-rest-framework", "django-rest-framework", "django-rest-framework"},
		{"rails", "rails", "rails"},
		{"express", "express", "express"},
		{"huma", "problem", ""},
		{"gin", "error", ""},
		{"flask-careful", "simple", ""},
		{"flask-apispec", "webargs", ""},
		{"flask-careless", "simple", ""},
	}
	j, err := NewJudge(SchemaAuto, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	op := &openapi.Operation{Method: "POST", Path: "/items"}
	for _, tt := range tests {
		t.Run(tt.framework, func(t *testing.T) {
			t.Parallel()
			answers := recorded(t, tt.framework)
			var views []RunView
			for _, name := range slices.Sorted(maps.Keys(answers)) {
				r := answers[name]
				p := Probe{ID: name, CheckID: "malformed-field-type", Family: FamilyMalformed, Op: op,
					Request: Request{Method: "POST", Path: "/items"}, Expect: Expectation{Statuses: []int{r.Status}}}
				vs, view := j.JudgeView(p, r)
				for _, v := range vs {
					if v.Rule == RuleSchema {
						t.Errorf("%s: %s on %s", name, v.Message, r.Body)
					}
				}
				views = append(views, view)
			}
			c := LearnContract(views)
			if c == nil || c.Style != tt.style || c.Preset != tt.preset {
				t.Fatalf("learned %+v, want style %s, preset %q", c, tt.style, tt.preset)
			}
			if c.Answers < 1 || c.Answers > c.Of {
				t.Errorf("learned from %d of %d answers", c.Answers, c.Of)
			}
		})
	}
}

// TestStylePresetsExist: every framework style names a preset users can
// give with --preset.
func TestStylePresetsExist(t *testing.T) {
	t.Parallel()
	for _, s := range errorStyles {
		if s.Preset == "" {
			continue
		}
		if _, err := LookupPreset(s.Preset); err != nil {
			t.Errorf("style %s: %v", s.ID, err)
		}
	}
}

// TestStyleSample: a run learns its error contract from its first
// styleSample JSON error answers; later ones cost no recognition.
func TestStyleSample(t *testing.T) {
	t.Parallel()
	j, err := NewJudge(SchemaAuto, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := Probe{ID: "p", CheckID: "c", Family: FamilyMalformed, Op: &openapi.Operation{Method: "GET", Path: "/a"}, Request: Request{Method: "GET"}}
	r := &Response{Status: 400, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"error":"bad"}`)}
	styled := 0
	for range styleSample + 10 {
		if _, v := j.JudgeView(p, r); v.Style != "" {
			styled++
		}
	}
	if styled != styleSample {
		t.Errorf("%d answers styled, want the first %d", styled, styleSample)
	}
}
