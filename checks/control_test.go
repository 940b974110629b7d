package checks

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
)

// controlResult is a control of METHOD path that got status (0: no answer).
func controlResult(method, path string, status int) Result {
	r := Result{Probe: Probe{ID: "control:" + method + " " + path, CheckID: CheckControl, Family: FamilyControl, Op: &openapi.Operation{Method: method, Path: path}}}
	if status > 0 {
		r.Response = &Response{Status: status}
	}
	return r
}

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path   string
		status int
		want   ControlClass
	}{
		{"/pets", 200, ControlOK},
		{"/pets", 302, ControlOK},
		{"/pets", 404, ControlNotServed},
		{"/pets/{id}", 404, ControlMissing},
		{"/pets/{id}", 405, ControlNotServed},
		{"/pets", 501, ControlNotServed},
		{"/pets", 401, ControlAuth},
		{"/pets", 403, ControlAuth},
		{"/pets", 422, ControlRejected},
		{"/pets", 400, ControlRejected},
		{"/pets", 500, ControlServer},
		{"/pets", 0, ControlNoAnswer},
	}
	for _, tt := range tests {
		if got := Classify(controlResult("GET", tt.path, tt.status)); got != tt.want {
			t.Errorf("%s %d: class %d, want %d", tt.path, tt.status, got, tt.want)
		}
	}
	documented := controlResult("PUT", "/pet", 404)
	documented.Probe.Op.Responses = []*openapi.Response{{Status: "200"}, {Status: "404"}}
	if got := Classify(documented); got != ControlMissing {
		t.Errorf("PUT /pet 404, documented: class %d, want missing (an item the body names)", got)
	}
	if got := Classify(Result{Skipped: true, Probe: controlResult("GET", "/x", 0).Probe}); got != ControlNone {
		t.Errorf("a skipped control: class %d, want none", got)
	}
}

// documented404 is a control that got the 404 its operation documents.
func documented404(method, path string) Result {
	r := controlResult(method, path, 404)
	r.Probe.Op.Responses = []*openapi.Response{{Status: "404"}}
	return r
}

func TestMostNotServed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		controls []Result
		want     bool
	}{
		{"wrong base path", []Result{controlResult("GET", "/pets", 404), controlResult("POST", "/pets", 404), controlResult("GET", "/pets/{id}", 404)}, true},
		{"made-up ids only", []Result{controlResult("GET", "/pets", 200), controlResult("GET", "/pets/{id}", 404), controlResult("DELETE", "/pets/{id}", 404), controlResult("PUT", "/pets/{id}", 404)}, false},
		{"half not served", []Result{controlResult("GET", "/a", 404), controlResult("GET", "/b", 200)}, false},
		{"every path templated, all 404", []Result{controlResult("GET", "/s/{id}/zones", 404), controlResult("GET", "/s/{id}", 404)}, true},
		{"every path templated, one answers", []Result{controlResult("GET", "/s/{id}/zones", 404), controlResult("GET", "/s/{id}", 200)}, false},
		{"a single made-up id", []Result{controlResult("GET", "/s/{id}", 404)}, false},
		{"wrong base path, 404s documented", []Result{documented404("GET", "/pets"), documented404("PUT", "/pets"), controlResult("GET", "/owners", 404)}, true},
		{"one documented 404 among answers", []Result{documented404("PUT", "/pet"), controlResult("POST", "/pet", 200), controlResult("GET", "/store", 200)}, false},
		{"none", nil, false},
	}
	for _, tt := range tests {
		if got := NewControls(tt.controls).MostNotServed(); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	if !NewControls([]Result{controlResult("GET", "/a", 0), controlResult("GET", "/b", 0)}).NoneAnswered() {
		t.Error("no control answered: NoneAnswered is false")
	}
}

func TestControlsSkipAndAdjust(t *testing.T) {
	t.Parallel()
	c := NewControls([]Result{
		controlResult("POST", "/ok", 201), controlResult("POST", "/gone", 404), controlResult("POST", "/auth", 401),
		controlResult("POST", "/bad", 422), controlResult("POST", "/items/{id}", 404), controlResult("POST", "/boom", 500),
		controlResult("GET", "/users/{id}", 404), controlResult("GET", "/teams/{id}", 200),
	})
	probeOf := func(family Family, method, path string) Probe {
		return Probe{ID: "x:" + method + " " + path, Family: family, Op: &openapi.Operation{Method: method, Path: path}}
	}
	statusViolation := []Violation{{Rule: RuleStatusExpected, Severity: SeverityError}}
	infoOnly := []Violation{{Rule: RuleNosniff, Severity: SeverityInfo}}
	leak := []Violation{{Rule: RuleLeak, Severity: SeverityError}}
	tests := []struct {
		name       string
		p          Probe
		status     int
		vs         []Violation
		skip       string // in Skip's reason; "" not skipped
		judged     string // in Adjust's reason; "" judged
		violations int
	}{
		{name: "ok control", p: probeOf(FamilyMalformed, "POST", "/ok"), status: 400},
		{name: "route not served", p: probeOf(FamilyMalformed, "POST", "/gone"), skip: "not served"},
		{name: "method on a path not served", p: probeOf(FamilyUnknown, "PATCH", "/gone"), skip: "not served"},
		{name: "method on a served path", p: probeOf(FamilyUnknown, "PATCH", "/ok"), status: 405},
		{name: "credentials refused", p: probeOf(FamilyMalformed, "POST", "/auth"), skip: "refused with 401"},
		{name: "credentials refused, forbidden probe", p: probeOf(FamilyForbidden, "POST", "/auth"), status: 401},
		{name: "valid body rejected, same status", p: probeOf(FamilyMalformed, "POST", "/bad"), status: 422, judged: "got 422"},
		{name: "valid body rejected, same status, status violation", p: probeOf(FamilyMissing, "POST", "/bad"), status: 422, vs: statusViolation, judged: "got 422"},
		{name: "valid body rejected, same status, info only", p: probeOf(FamilyMalformed, "POST", "/bad"), status: 422, vs: infoOnly, judged: "got 422"},
		{name: "valid body rejected, same status, a leak", p: probeOf(FamilyMalformed, "POST", "/bad"), status: 422, vs: append(statusViolation, leak...), violations: 1},
		{name: "valid body rejected, another status", p: probeOf(FamilyMalformed, "POST", "/bad"), status: 400, vs: statusViolation, violations: 1},
		{name: "made-up id, same 404", p: probeOf(FamilyMalformed, "POST", "/items/{id}"), status: 404, vs: statusViolation, judged: "--path-param"},
		{name: "made-up id, a 500", p: probeOf(FamilyMalformed, "POST", "/items/{id}"), status: 500, vs: []Violation{{Rule: RuleServerError, Severity: SeverityError}}, violations: 1},
		{name: "server error control", p: probeOf(FamilyMalformed, "POST", "/boom"), status: 500, vs: []Violation{{Rule: RuleServerError, Severity: SeverityError, Message: "got 500"}}, violations: 1},
		{name: "DELETE, its GET found nothing", p: probeOf(FamilyForbidden, "DELETE", "/users/{id}"), status: 404, vs: statusViolation, judged: "valid GET of this path got 404"},
		{name: "DELETE, its GET found nothing, another status", p: probeOf(FamilyForbidden, "DELETE", "/users/{id}"), status: 200, vs: statusViolation, violations: 1},
		{name: "DELETE, its GET found the item", p: probeOf(FamilyForbidden, "DELETE", "/teams/{id}"), status: 404, vs: statusViolation, violations: 1},
		{name: "synthetic path", p: probeOf(FamilyUnknown, "GET", "/errprobe-x"), status: 404},
	}
	for _, tt := range tests {
		why := c.Skip(tt.p)
		if (why == "") != (tt.skip == "") || !strings.Contains(why, tt.skip) {
			t.Errorf("%s: Skip %q, want %q", tt.name, why, tt.skip)
			continue
		}
		if why != "" {
			continue
		}
		vs, reason := c.Adjust(tt.p, tt.status, append([]Violation(nil), tt.vs...))
		if (reason == "") != (tt.judged == "") || !strings.Contains(reason, tt.judged) || len(vs) != tt.violations {
			t.Errorf("%s: Adjust %v %q, want %d violations and %q", tt.name, vs, reason, tt.violations, tt.judged)
		}
	}
	vs, _ := c.Adjust(probeOf(FamilyMalformed, "POST", "/boom"), 500, []Violation{{Rule: RuleServerError, Severity: SeverityError, Message: "got 500"}})
	if !strings.Contains(vs[0].Message, "valid request got 500 too") {
		t.Errorf("server error message %q does not name the control", vs[0].Message)
	}
	var nilControls *Controls
	if nilControls.Skip(probeOf(FamilyMalformed, "POST", "/x")) != "" {
		t.Error("no controls must skip nothing")
	}
}

func TestParamValuesLookup(t *testing.T) {
	t.Parallel()
	op := &openapi.Operation{Method: "GET", Path: "/servers/{server_id}/zones/{zone_id}", OperationID: "getZone"}
	other := &openapi.Operation{Method: "DELETE", Path: "/servers/{server_id}/zones/{zone_id}"}
	server := &openapi.Parameter{Name: "server_id", In: "path"}
	zone := &openapi.Parameter{Name: "zone_id", In: "path"}
	query := &openapi.Parameter{Name: "zone_id", In: "query"}
	vs := ParamValues{
		{Name: "server_id", Value: "localhost"},
		{Operation: "GET /servers/{server_id}/zones/{zone_id}", Name: "zone_id", Value: "own."},
		{In: "path", Name: "zone_id", Value: "example.org."},
		{Operation: "getZone", Name: "server_id", Value: "by-id"},
		{Name: "server_id", Value: "later"},
	}
	tests := []struct {
		op   *openapi.Operation
		p    *openapi.Parameter
		want string
		ok   bool
	}{
		{op, server, "by-id", true},    // the operation's own value wins over later global ones
		{other, server, "later", true}, // a later global value wins over an earlier one
		{op, zone, "own.", true},       // the operation's own value wins over a global one
		{other, zone, "example.org.", true},
		{other, query, "", false}, // In: path does not apply to a query parameter
	}
	for _, tt := range tests {
		got, ok := vs.lookup(tt.op, tt.p)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s %s (%s): %q %v, want %q %v", tt.op.Key(), tt.p.Name, tt.p.In, got, ok, tt.want, tt.ok)
		}
	}
}

// A user's path value reaches every probe that does not break that
// parameter, route probes included.
func TestPathValuesInEveryProbe(t *testing.T) {
	t.Parallel()
	spec, err := openapi.Parse(context.Background(), "servers.yaml", []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /servers/{server_id}/zones:
    parameters: [{name: server_id, in: path, required: true, schema: {type: string}}]
    get: {responses: {"200": {description: ok}}}
    post:
      requestBody: {content: {application/json: {schema: {type: object, required: [name], properties: {name: {type: string}}}}}}
      responses: {"201": {description: ok}}
  /servers/{server_id}/zones/{zone_id}:
    parameters:
      - {name: server_id, in: path, required: true, schema: {type: string}}
      - {name: zone_id, in: path, required: true, schema: {type: string}}
    get: {responses: {"200": {description: ok}}}
`), openapi.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := &Gen{Spec: spec, Seed: 1, Values: ParamValues{{In: "path", Name: "server_id", Value: "localhost"}}}
	probes, _ := Plan(g, Filter{})
	if len(probes) == 0 {
		t.Fatal("no probes")
	}
	for _, p := range probes {
		breaks := strings.HasSuffix(p.ID, ":server_id") || strings.Contains(p.ID, ":path:server_id")
		if p.Request.Path == "/errprobe-"+g.token("unknown") || breaks || IsReference(p) {
			continue
		}
		if !strings.HasPrefix(p.Request.Path, "/servers/localhost/") {
			t.Errorf("%s: path %s does not carry server_id=localhost", p.ID, p.Request.Path)
		}
	}
}

// TestReferenceVoice: a control's 404 on a path without parameters means
// "route not served" when the target says it as it says "no such route",
// and "item missing" when it says it in another voice.
func TestReferenceVoice(t *testing.T) {
	t.Parallel()
	answer := func(r Result, ct, body string) Result {
		r.Response.Header = http.Header{"Content-Type": {ct}}
		r.Response.Body = []byte(body)
		return r
	}
	reference := func(ct, body string) Result {
		r := controlResult("GET", "/errprobe-ref", 404)
		r.Probe.ID = CheckControl + ":" + referenceDetail
		r.Probe.Request = Request{Method: "GET", Path: "/errprobe-ref"}
		return answer(r, ct, body)
	}
	post := func(path, ct, body string) Result {
		r := controlResult("POST", path, 404)
		r.Probe.Request = Request{Method: "POST", Path: path}
		return answer(r, ct, body)
	}
	tests := []struct {
		name    string
		results []Result
		want    ControlClass
	}{
		{"no reference", []Result{post("/v3/lease/revoke", "application/json", `{"error":"lease not found","code":5}`)}, ControlNotServed},
		{"JSON item missing, text route missing",
			[]Result{reference("text/plain", "Not Found"), post("/v3/lease/revoke", "application/json", `{"error":"lease not found","code":5}`)}, ControlMissing},
		{"same JSON members: route not served",
			[]Result{reference("application/json", `{"timestamp":"2026-01-01T00:00:00Z","status":404,"path":"/errprobe-ref"}`),
				post("/v2/pets", "application/json", `{"timestamp":"2026-01-01T00:00:01Z","status":404,"path":"/v2/pets"}`)}, ControlNotServed},
		{"same page naming the path and method",
			[]Result{reference("text/html", "<pre>Cannot GET /errprobe-ref</pre>"), post("/v2/pets", "text/html", "<pre>Cannot POST /v2/pets</pre>")}, ControlNotServed},
		{"reference not a 404", []Result{func() Result { r := reference("text/plain", "x"); r.Response.Status = 400; return r }(),
			post("/v3/lease/revoke", "application/json", `{"error":"lease not found"}`)}, ControlNotServed},
	}
	for _, tt := range tests {
		c := NewControls(tt.results)
		got, ok := c.Class("POST", tt.results[len(tt.results)-1].Probe.Op.Path)
		if !ok || got != tt.want {
			t.Errorf("%s: class %v (%v), want %v", tt.name, got, ok, tt.want)
		}
		if c.Total() != 1 {
			t.Errorf("%s: %d controls counted, want 1 (the reference is not an operation's)", tt.name, c.Total())
		}
	}
}
