package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/report"
)

const zonesSpec = `openapi: 3.0.3
info: {title: zones, version: "1"}
paths:
  /zones:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                name: {type: string}
                kind: {type: string, enum: [Native, Master]}
                account: {type: string}
                serial: {type: integer}
      responses:
        "201": {description: created}
        "400": {description: unreadable}
        "422": {description: invalid}
`

// zonesAPI takes a zone only with a canonical DNS name and a kind, as
// PowerDNS does, and checks the types of what it is given; it reads every
// body as JSON.
func zonesAPI() http.Handler {
	fail := func(w http.ResponseWriter, status int, msg string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/zones" {
			fail(w, http.StatusNotFound, "not found")
			return
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			fail(w, http.StatusMethodNotAllowed, "method not allowed")
			return
		}
		if r.Header.Get("Content-Type") != "application/json" {
			fail(w, http.StatusUnsupportedMediaType, "JSON only")
			return
		}
		var b map[string]any
		if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
			fail(w, http.StatusBadRequest, "bad JSON")
			return
		}
		name, ok := b["name"].(string)
		switch {
		case !ok:
			fail(w, http.StatusUnprocessableEntity, "Key 'name' not present or not a String")
			return
		case !strings.HasSuffix(name, "."):
			fail(w, http.StatusUnprocessableEntity, "DNS Name '"+name+"' is not canonical")
			return
		}
		kind, _ := b["kind"].(string)
		if kind != "Native" && kind != "Master" {
			fail(w, http.StatusUnprocessableEntity, "Key 'kind' not present or not a String")
			return
		}
		for k, v := range b {
			_, isString := v.(string)
			_, isNumber := v.(float64)
			if (k == "account" && !isString) || (k == "serial" && !isNumber) {
				fail(w, http.StatusUnprocessableEntity, "bad "+k)
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"id":"` + name + `"}`))
	})
}

func TestRepairRejectedValidRequest(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(zonesAPI())
	t.Cleanup(srv.Close)
	spec := filepath.Join(t.TempDir(), "zones.yaml")
	if err := os.WriteFile(spec, []byte(zonesSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, run *report.Run)
	}{
		{"repaired", nil, func(t *testing.T, run *report.Run) {
			var control, first *report.Result
			probes := 0
			for i, r := range run.Results {
				switch {
				case r.ID == "control:POST /zones":
					control = &run.Results[i]
				case r.ID == "control:POST /zones:as-first-built":
					first = &run.Results[i]
				case r.Family != string(checks.FamilyControl) && r.Operation.Key() == "POST /zones" && r.Request.Body != "" && r.Outcome != report.OutcomeSkip:
					probes++
					if strings.Contains(r.Request.Body, `"name"`) && !strings.Contains(r.Request.Body, `.example.org."`) && !strings.Contains(r.Request.Body, `."`) && !strings.HasSuffix(r.ID, ":name") {
						t.Errorf("%s sent %s: not made from the repaired request", r.ID, r.Request.Body)
					}
				}
			}
			if control == nil || control.Outcome != report.OutcomePass || control.Response.Status != http.StatusCreated || !strings.Contains(control.Description, "repaired") {
				t.Fatalf("control %+v, want the repaired request, passed with 201", control)
			}
			if first == nil || first.Response.Status != http.StatusUnprocessableEntity {
				t.Errorf("the request as first built is not reported: %+v", first)
			}
			if probes == 0 {
				t.Error("no probe of POST /zones was sent")
			}
			w := strings.Join(run.Warnings, "\n")
			if !strings.Contains(w, "accepted a repaired one") || !strings.Contains(w, `"body:kind": "Native"`) {
				t.Errorf("warnings %q", run.Warnings)
			}
			// The field probes are judged against the repaired request:
			// the API checks the types, so none is a finding.
			for _, r := range run.Results {
				for _, v := range r.Violations {
					if v.Severity == "error" {
						t.Errorf("%s: %s %s", r.ID, v.Rule, v.Message)
					}
				}
			}
		}},
		{"off", []string{"--max-repairs", "0"}, func(t *testing.T, run *report.Run) {
			for _, r := range run.Results {
				if strings.Contains(r.ID, ":repair-") || strings.HasSuffix(r.ID, ":as-first-built") {
					t.Errorf("%s sent with --max-repairs 0", r.ID)
				}
				if r.ID == "control:POST /zones" && r.Response.Status != http.StatusUnprocessableEntity {
					t.Errorf("control got %d, want the rejection", r.Response.Status)
				}
			}
			if w := strings.Join(run.Warnings, "\n"); !strings.Contains(w, "rejected errprobe's valid request") {
				t.Errorf("warnings %q", run.Warnings)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "run.json")
			args := append([]string{"run", "--spec", spec, "--target", srv.URL, "--no-color", "-q", "--report", "json=" + out}, tt.args...)
			code, _, stderr := errprobeCLI(t, args...)
			if code != exitOK && code != exitViolations {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			tt.check(t, readJSONReport(t, out))
		})
	}
}
