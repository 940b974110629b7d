package checks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/internal/redact"
)

func echoProbe() checks.Probe {
	return checks.Probe{
		ID: "malformed-json-syntax:POST /users/{name}", CheckID: "malformed-json-syntax", Family: checks.FamilyMalformed,
		Op: &openapi.Operation{Method: "POST", Path: "/users/{name}"},
		Request: checks.Request{Method: "POST", Path: "/users/errprobe/pets?owner=errprobe",
			Header: http.Header{"Content-Type": {"application/json"}, "X-Tag": {"errprobe"}},
			Body:   []byte(`{"name":"errprobe"`), Identity: checks.IdentityAuthorized},
		Expect: checks.Expectation{Statuses: []int{400, 422}},
	}
}

// TestEcho: the credential-echo rule finds a credential the run sent in
// what came back, whole or half of it, in the body or a header other
// than Set-Cookie; errprobe's own words that happen to be part of the key
// (errprobe-secret-123 holds "errprobe") are no echo.
func TestEcho(t *testing.T) {
	t.Parallel()
	const key = "errprobe-secret-123"
	judge := func(skip ...string) *checks.Judge {
		j, err := checks.NewJudge(checks.SchemaAuto, nil, skip)
		if err != nil {
			t.Fatal(err)
		}
		j.SetEchoer(redact.New(key), http.Header{"User-Agent": {"errprobe/test"}})
		return j
	}
	unset, err := checks.NewJudge(checks.SchemaAuto, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		judge  *checks.Judge
		header http.Header
		body   string
		want   string // "" for no credential-echo
	}{
		{name: "clean", judge: judge(), body: `{"error":"bad token"}`},
		{name: "whole key in the body", judge: judge(), body: `{"error":"bad key ` + key + `"}`, want: "in the body"},
		{name: "half the key", judge: judge(), body: `{"error":"...be-secret-123..."}`, want: "in the body"},
		{name: "a short run", judge: judge(), body: `{"error":"...secret-1..."}`},
		{name: "an own word", judge: judge(), body: `{"error":"no user errprobe"}`},
		{name: "in a header", judge: judge(), header: http.Header{"X-Echo": {"Bearer " + key}}, body: `{}`, want: "in header X-Echo"},
		{name: "body and header", judge: judge(), header: http.Header{"X-Echo": {key}}, body: key, want: "in the body and header X-Echo"},
		{name: "in a refreshed cookie", judge: judge(), header: http.Header{"Set-Cookie": {"sid=" + key}}, body: `{}`},
		{name: "rule skipped", judge: judge(checks.RuleCredentialEcho), body: key},
		{name: "no echoer set", judge: unset, body: key},
		{name: "no judge", body: key},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := http.Header{"Content-Type": {"application/json"}}
			for k, vs := range tt.header {
				h[k] = vs
			}
			vs := tt.judge.Echo(echoProbe(), &checks.Response{Status: 400, Header: h, Body: []byte(tt.body)})
			if tt.want == "" {
				if len(vs) != 0 {
					t.Fatalf("credential-echo reported: %+v", vs)
				}
				return
			}
			if len(vs) != 1 || vs[0].Rule != checks.RuleCredentialEcho || vs[0].Severity != checks.SeverityError || !strings.Contains(vs[0].Message, tt.want) {
				t.Fatalf("got %+v, want one error credential-echo saying %q", vs, tt.want)
			}
			if strings.Contains(vs[0].Message, key) {
				t.Errorf("the message holds the credential: %s", vs[0].Message)
			}
		})
	}
	if vs := judge().Echo(echoProbe(), nil); vs != nil {
		t.Errorf("no response: %+v, want nothing", vs)
	}
}
