package checks

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

// judgeCase is one response to judge and the exact rules it must break.
type judgeCase struct {
	name   string
	status int
	header http.Header // added to (or, with an empty value, removed from) the compliant headers
	body   string
	want   []string
}

// runJudgeCases judges each case's response to p and compares the sorted
// set of rules broken with want.
func runJudgeCases(t *testing.T, j *Judge, p Probe, tests []judgeCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := http.Header{"Content-Type": {"application/problem+json"}, "X-Content-Type-Options": {"nosniff"}}
			for k, vs := range tt.header {
				h.Del(k)
				for _, v := range vs {
					if v != "" {
						h.Add(k, v)
					}
				}
			}
			v := j.Judge(p, &Response{Status: tt.status, Header: h, Body: []byte(tt.body)})
			got := ruleSet(v)
			if !slices.Equal(got, slices.Sorted(slices.Values(tt.want))) {
				t.Errorf("rules = %v, want %v\nviolations: %+v", got, tt.want, v)
			}
		})
	}
}

func ruleSet(v []Violation) []string {
	var out []string
	for _, x := range v {
		if !slices.Contains(out, x.Rule) {
			out = append(out, x.Rule)
		}
	}
	slices.Sort(out)
	return out
}

func newTestJudge(t *testing.T, mode SchemaMode, skip ...string) *Judge {
	t.Helper()
	j, err := NewJudge(mode, nil, skip)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// notFoundProbe asks for a book that does not exist; the operation
// documents its 404 with a schema loose enough that only the RFC 9457
// rules, not error-schema, judge the members.
func notFoundProbe() Probe {
	op := &openapi.Operation{Method: "GET", Path: "/books/{id}", Responses: []*openapi.Response{
		{Status: "404", Schema: &openapi.Schema{Types: []string{"object"}}},
	}}
	return Probe{ID: "unknown-resource:GET /books/{id}", CheckID: "unknown-resource", Family: FamilyUnknown, Op: op,
		Request: Request{Method: "GET", Path: "/books/999999"}, Expect: Expectation{Statuses: []int{404}}}
}

func TestProblemRules(t *testing.T) {
	t.Parallel()
	const ok = `{"type":"https://example.com/probs/no-book","title":"No such book","status":404,"detail":"no book 999999","instance":"/books/999999"}`
	json := http.Header{"Content-Type": {"application/json"}}
	runJudgeCases(t, newTestJudge(t, SchemaAuto), notFoundProbe(), []judgeCase{
		{name: "compliant problem", status: 404, body: ok},
		{name: "about:blank with the reason phrase", status: 404, body: `{"type":"about:blank","title":"Not Found","status":404}`},
		{name: "no type, reason phrase in lower case", status: 404, body: `{"title":"not found","status":404}`},
		{name: "relative type and instance", status: 404, body: `{"type":"/probs/no-book","title":"No such book","instance":"?id=1#x"}`},
		{name: "plain JSON error is not a problem", status: 404, header: json, body: `{"error":"not_found","message":"no book"}`},
		{name: "RFC 9110 name of 422", status: 422, body: `{"type":"about:blank","title":"Unprocessable Content","status":422}`, want: []string{RuleStatusExpected}},
		{name: "RFC 9110 name of 413", status: 413, body: `{"title":"Content Too Large","status":413}`, want: []string{RuleStatusExpected}},
		{name: "RFC 4918 name of 422", status: 422, body: `{"title":"Unprocessable Entity","status":422}`, want: []string{RuleStatusExpected}},
		{name: "about:blank with another title", status: 404, body: `{"type":"about:blank","title":"Book missing","status":404}`, want: []string{RuleProblemTitle}},
		{name: "no type with another title", status: 404, body: `{"title":"Oops","status":404}`, want: []string{RuleProblemTitle}},
		{name: "type with a space", status: 404, body: `{"type":"https://example.com/no book","title":"x"}`, want: []string{RuleProblemTypeURI}},
		{name: "type not ASCII", status: 404, body: `{"type":"https://example.com/bücher","title":"x"}`, want: []string{RuleProblemTypeURI}},
		{name: "instance with a bad escape", status: 404, body: `{"type":"about:blank","title":"Not Found","instance":"/books/%zz"}`, want: []string{RuleProblemTypeURI}},
		{name: "instance with a colon but no scheme", status: 404, body: `{"type":"about:blank","title":"Not Found","instance":"1:books"}`, want: []string{RuleProblemTypeURI}},
		{name: "status as a string", status: 404, body: `{"type":"about:blank","title":"Not Found","status":"404"}`, want: []string{RuleProblemMemberTypes}},
		{name: "status with a fraction", status: 404, body: `{"type":"about:blank","title":"Not Found","status":404.5}`, want: []string{RuleProblemMemberTypes}},
		{name: "detail as an array", status: 404, body: `{"type":"about:blank","title":"Not Found","detail":["no book"]}`, want: []string{RuleProblemMemberTypes}},
		{name: "type as a number", status: 404, body: `{"type":7,"title":"Not Found"}`, want: []string{RuleProblemMemberTypes}},
		{name: "problem as application/json", status: 404, header: json, body: ok, want: []string{RuleProblemContentType}},
	})
}

// TestProblemMemberTypesNotTwice checks that a member error-schema already
// reported is not reported again by problem-member-types.
func TestProblemMemberTypesNotTwice(t *testing.T) {
	t.Parallel()
	p := notFoundProbe()
	p.Op = &openapi.Operation{Method: "GET", Path: "/books/{id}", Responses: []*openapi.Response{{Status: "404"}}}
	runJudgeCases(t, newTestJudge(t, SchemaAuto), p, []judgeCase{
		{name: "title a number, caught by the problem schema", status: 404, body: `{"type":"about:blank","title":5}`, want: []string{RuleSchema}},
	})
}

// TestProblemContentTypeUnderSchemaProblem checks --schema problem's own
// error-content-type is not doubled by problem-content-type.
func TestProblemContentTypeUnderSchemaProblem(t *testing.T) {
	t.Parallel()
	runJudgeCases(t, newTestJudge(t, SchemaProblem), notFoundProbe(), []judgeCase{
		{name: "problem as application/json", status: 404, header: http.Header{"Content-Type": {"application/json"}},
			body: `{"type":"about:blank","title":"Not Found","status":404}`, want: []string{RuleContentType}},
	})
}

func TestIsURIReference(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"": true, "about:blank": true, "https://example.com/probs/x": true, "/probs/x": true, "x": true,
		"urn:problem:x": true, "tag:example.com,2024:x": true, "?q=1": true, "#frag": true, "a%20b": true,
		"http://[::1]/x": true, "./a:b": true,
		"a b": false, "1:x": false, ":x": false, "https://ex.com/ü": false, "%2": false, "%zz": false,
		"a#b#c": false, "http://[::1/x": false, "http://h:x/": false, "http://a%41b/": false, "//a b": false, "a\tb": false, "<x>": false, `a"b`: false,
	} {
		if got := IsURIReference(s); got != want {
			t.Errorf("IsURIReference(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzIsURIReference(f *testing.F) {
	for _, s := range []string{"about:blank", "https://example.com/a?b#c", "/x%20y", "1:x", "http://[::1]", "http://h:x/", "a//b@c", "http://a%41b/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := url.Parse(s); err != nil && plainAuthority(s) && IsURIReference(s) {
			t.Fatalf("IsURIReference(%q) skipped url.Parse, which fails: %v", s, err)
		}
		if !IsURIReference(s) {
			return
		}
		for i := 0; i < len(s); i++ {
			if s[i] <= ' ' || s[i] >= 0x7f {
				t.Fatalf("IsURIReference(%q) accepted byte %#x", s, s[i])
			}
		}
	})
}
