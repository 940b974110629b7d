package checks

import (
	"mime"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/internal/testfiles"
)

// TestSpecErrorSchemasTakeFastPath: every error schema of the sample
// descriptions compiles to a schema whose valid bodies skip the general
// validator (schemas.Schema.FastPath), so the fast path serves real specs.
func TestSpecErrorSchemasTakeFastPath(t *testing.T) {
	t.Parallel()
	j, err := NewJudge(SchemaAuto, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range []string{
		"../examples/demoapi/openapi.yaml",
		"../examples/targets/flask/openapi.yaml",
		"../examples/targets/fastapi/openapi.json",
		"../examples/targets/huma/openapi.yaml",
		"../internal/testapi/testdata/openapi.yaml",
		testfiles.Path(t, "specs/oai/v3.0/petstore-expanded.yaml"),
		testfiles.Path(t, "specs/oai/v2.0/yaml/uber.yaml"),
	} {
		for _, op := range loadSpec(t, path).Operations {
			for _, r := range op.Responses {
				if r.Schema == nil || !errorStatusKey(r.Status) {
					continue
				}
				n++
				if s := j.compiled(r.Schema); s == nil || !s.FastPath() {
					t.Errorf("%s: %s %s is not covered by the fast path", path, op.Key(), r.Status)
				}
			}
		}
	}
	if n < 10 {
		t.Fatalf("only %d error schemas found", n)
	}
}

func errorStatusKey(k string) bool {
	return strings.HasPrefix(k, "4") || strings.HasPrefix(k, "5") || strings.EqualFold(k, "default")
}

// TestCompiledConcurrent: racing callers get one compiled schema.
func TestCompiledConcurrent(t *testing.T) {
	t.Parallel()
	j, err := NewJudge(SchemaAuto, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := benchProbe().Op.Responses[0].Schema
	var wg sync.WaitGroup
	got := make([]any, 16)
	for i := range got {
		wg.Go(func() { got[i] = j.compiled(s) })
	}
	wg.Wait()
	for _, g := range got {
		if g == nil || g != got[0] {
			t.Fatalf("compiled returned %v and %v", g, got[0])
		}
	}
	bad := &openapi.Schema{Pattern: "("} // not a regexp: cannot compile
	if j.compiled(bad) != nil || j.compiled(bad) != nil {
		t.Fatal("an uncompilable schema should be nil, and stay nil")
	}
}

func TestMediaType(t *testing.T) {
	t.Parallel()
	for _, ct := range mediaTypes {
		want, _, _ := mime.ParseMediaType(ct)
		if got := mediaType(ct); got != want {
			t.Errorf("mediaType(%q) = %q, mime.ParseMediaType says %q", ct, got, want)
		}
	}
}

func TestSchemaName(t *testing.T) {
	t.Parallel()
	op := &openapi.Operation{Method: http.MethodGet, Path: "/x"}
	for _, c := range []struct {
		n    schemaName
		want string
	}{
		{schemaName{fixed: problemName}, "the RFC 9457 problem schema"},
		{schemaName{op: op, status: "4XX"}, "the schema documented for GET /x 4XX"},
	} {
		if got := c.n.String(); got != c.want {
			t.Errorf("name = %q, want %q", got, c.want)
		}
	}
}

// TestJudgeAllocations pins the cost of judging a typical valid problem
// body, so that a change that brings the allocations back is noticed.
func TestJudgeAllocations(t *testing.T) {
	j, err := NewJudge(SchemaAuto, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := benchProbe()
	r := &Response{Status: 400, Header: http.Header{
		"Content-Type": {"application/problem+json"}, "X-Content-Type-Options": {"nosniff"},
	}, Body: []byte(typicalProblem)}
	if n := testing.AllocsPerRun(50, func() { j.Judge(p, r) }); n > 16 {
		t.Errorf("judging a typical body allocates %.0f times, want at most 16", n)
	}
}

// TestJudgeHugeNumber: a status member math/big cannot read is a schema
// violation, not a crash of the run.
func TestJudgeHugeNumber(t *testing.T) {
	t.Parallel()
	j, err := NewJudge(SchemaProblem, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := &Response{Status: 400, Header: http.Header{"Content-Type": {"application/problem+json"}},
		Body: []byte(`{"title":"Bad Request","status":1e10000000}`)}
	found := false
	for _, v := range j.Judge(benchProbe(), r) {
		found = found || v.Rule == RuleSchema
	}
	if !found {
		t.Fatal("no error-schema violation")
	}
}
