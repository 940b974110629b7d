package audit

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/internal/redact"
	"github.com/errprobe/errprobe/report"
)

// TestCollectKeepsEveryResult runs many results through collect and checks each arrives once, with its run-level view
// pointing at its own result.
func TestCollectKeepsEveryResult(t *testing.T) {
	judge, err := checks.NewJudge(checks.SchemaAuto, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("http://api.test")
	b := &report.Builder{Base: base, RequestIDHeader: "X-Request-Id", Redactor: redact.New()}
	const n = 3*4096 + 5
	ch := make(chan checks.Result, 16)
	go func() {
		op := &openapi.Operation{Method: "GET", Path: "/x"}
		for i := range n {
			p := checks.Probe{ID: fmt.Sprint(i), CheckID: "unknown-path", Family: checks.FamilyUnknown, Op: op,
				Request: checks.Request{Method: "GET", Path: "/x"}}
			ch <- checks.Result{Probe: p, RequestID: fmt.Sprint("id-", i), Response: &checks.Response{
				Status: 404, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"error":"not found"}`)}}
		}
		close(ch)
	}()
	progress := 0
	run := &report.Run{Results: []report.Result{}}
	vs := collect(ch, n, &Config{Judge: judge, Progress: func(done, total, _ int) { progress = done }}, b, run, nil)
	if len(run.Results) != n || progress != n {
		t.Fatalf("%d results, progress %d; want %d", len(run.Results), progress, n)
	}
	seen := map[string]bool{}
	for _, r := range run.Results {
		if seen[r.ID] {
			t.Fatalf("result %s twice", r.ID)
		}
		seen[r.ID] = true
	}
	if vs.Len() != n {
		t.Fatalf("%d views, want %d", vs.Len(), n)
	}
	for k, v := range vs.Views() {
		if got := run.Results[vs.Result(k)].ID; got != v.ProbeID {
			t.Fatalf("view %d (probe %s) points at result %s", k, v.ProbeID, got)
		}
	}
}
