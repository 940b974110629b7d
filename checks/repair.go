package checks

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
)

// DefaultMaxRepairs is how many other valid requests errprobe tries, by
// default, for an operation whose valid request the target rejected.
const DefaultMaxRepairs = 8

// Repairable reports whether a rejected valid request's status is one a
// different request may cure: the target found the request itself wrong
// (400, 422) or in conflict with what it holds (409). A 412 or a 404 is
// about the target's state, a 401/403 about credentials, a 405 about the
// route: another body changes none of them.
func Repairable(status int) bool {
	switch status {
	case http.StatusBadRequest, http.StatusConflict, http.StatusUnprocessableEntity:
		return true
	}
	return false
}

// A Repairing tries other valid requests for one operation whose valid
// request the target rejected, one at a time, as a person would: first
// the body with only its required properties, then, guided by each
// answer, a change to the input the answer points at (a value it echoes,
// a property it names): a value of the kind the words call for (a DNS
// name with its trailing dot, an IP address, an e-mail address, a URL, a
// name not taken yet), the property set from its schema when absent, or
// left out when optional. The user's own values are never changed.
type Repairing struct {
	g        *Gen
	op       *openapi.Operation
	edits    []ParamValue      // the changes so far, as values for op
	why      map[string]string // what each edit is, by input, for the report
	sent     map[string]bool   // requests sent
	tried    map[string]bool   // candidates tried, by input and value
	minDone  bool
	example  int      // the next of the description's other examples to try
	exampleN int      // the other example whose body the edits give, from 1
	blame    []string // the inputs the last answer pointed at, as --param names them
	tries    int
}

// Repair starts repairing op's valid request.
func (g *Gen) Repair(op *openapi.Operation) *Repairing {
	own := *g
	if own.Names == nil {
		own.Names = g.NewNameIndex() // every request tried names things alike
	}
	own.memo = nil
	r := &Repairing{g: &own, op: op, why: map[string]string{}, sent: map[string]bool{}, tried: map[string]bool{}}
	r.sent[r.key(r.control())] = true // the valid request as first built
	return r
}

// Values returns the values that make the last request Next returned:
// given for the operation, after the run's own values, they rebuild it.
func (r *Repairing) Values() ParamValues { return slices.Clone(r.edits) }

// Steps says what the last request Next returned changes in the valid
// request as first built: the optional properties left out, then each
// input changed, in the order they were.
func (r *Repairing) Steps() []string {
	var out, left []string
	example := false
	for _, v := range r.edits {
		switch why := r.why[v.In+":"+v.Name]; {
		case why == exampleWhy:
			example = true
		case why == minimalWhy:
			left = append(left, v.Name)
		case why != "":
			out = append(out, why)
		}
	}
	if len(left) > 0 {
		out = append([]string{fmt.Sprintf("left out the optional body properties (%s)", ListSome(left, 6))}, out...)
	}
	if example {
		out = append([]string{fmt.Sprintf("took the body of the description's other example %d", r.exampleN)}, out...)
	}
	return out
}

// minimalWhy marks the edits of the body with its required properties only.
const minimalWhy = "minimal"

// Blamed returns the inputs the last answer pointed at, as --param names
// them ("body:name", "query:domain"): where a user's value would help.
func (r *Repairing) Blamed() []string { return slices.Clone(r.blame) }

// Next returns the next request to try, given the target's answer to the
// last one (its status and body), or false when nothing is left to try.
func (r *Repairing) Next(status int, body []byte) (Probe, bool) {
	msg := string(body)
	if len(msg) > 4096 {
		msg = msg[:4096]
	}
	if !r.minDone {
		r.minDone = true
		if p, ok := r.minimal(); ok {
			return p, true
		}
	}
	inputs := r.inputs()
	blamed := blame(inputs, msg)
	r.blame = r.blame[:0]
	for _, in := range blamed {
		r.blame = append(r.blame, in.in+":"+in.name)
	}
	for _, in := range blamed {
		for _, c := range candidates(r.g, r.op, in, msg, status, r.tries) {
			k := fmt.Sprintf("%s\x00%s\x00%v", in.key(), c.value, c.omit)
			if r.tried[k] {
				continue
			}
			r.tried[k] = true
			if p, ok := r.try(in, c); ok {
				return p, true
			}
		}
	}
	return r.nextExample()
}

// exampleWhy marks the edits that give the body of one of the
// description's other examples.
const exampleWhy = "example"

// nextExample offers the body of the description's next other example,
// the user's values kept.
func (r *Repairing) nextExample() (Probe, bool) {
	if r.op.Body == nil {
		return Probe{}, false
	}
	for r.example < len(r.op.Body.Others) {
		n := r.example
		r.example++
		obj, ok := r.op.Body.Others[n].(map[string]any)
		if !ok {
			continue
		}
		saved, savedWhy := slices.Clone(r.edits), maps.Clone(r.why)
		r.edits = slices.DeleteFunc(r.edits, func(v ParamValue) bool { return v.In == InBody })
		cur, _ := r.g.sampleBody(r.op).(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(cur)) {
			if _, in := obj[k]; !in && !r.userGave(InBody, k) {
				r.edits = append(r.edits, ParamValue{Operation: r.op.Key(), In: InBody, Name: k, Omit: true})
				r.why[InBody+":"+k] = exampleWhy
			}
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			if !r.userGave(InBody, k) {
				r.edits = append(r.edits, ParamValue{Operation: r.op.Key(), In: InBody, Name: k, Value: wireValue(obj[k])})
				r.why[InBody+":"+k] = exampleWhy
			}
		}
		if p, ok := r.offer(); ok {
			r.exampleN = n + 1
			return p, true
		}
		r.edits, r.why = saved, savedWhy
	}
	return Probe{}, false
}

// minimal offers the body with only its required properties (the
// user's values kept), when that differs from the sample.
func (r *Repairing) minimal() (Probe, bool) {
	if r.op.Body == nil || r.op.Body.Schema == nil {
		return Probe{}, false
	}
	obj, ok := r.g.sampleBody(r.op).(map[string]any)
	s := r.op.Body.Schema.Merged()
	if !ok || s == nil {
		return Probe{}, false
	}
	var left []string
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if !slices.Contains(s.Required, k) && !r.userGave(InBody, k) {
			left = append(left, k)
		}
	}
	if len(left) == 0 {
		return Probe{}, false
	}
	saved := len(r.edits)
	for _, k := range left {
		r.edits = append(r.edits, ParamValue{Operation: r.op.Key(), In: InBody, Name: k, Omit: true})
		r.why[InBody+":"+k] = minimalWhy
	}
	if p, ok := r.offer(); ok {
		return p, true
	}
	r.edits = r.edits[:saved]
	return Probe{}, false
}

// try applies one candidate change to an input and returns the request,
// unless it was sent already.
func (r *Repairing) try(in input, c candidate) (Probe, bool) {
	saved, savedWhy := slices.Clone(r.edits), r.why[in.key()]
	r.edits = slices.DeleteFunc(r.edits, func(v ParamValue) bool {
		// The input's own edit goes, and so do its children's: a list or
		// object set anew or left out has none of them.
		return v.In == in.in && (v.Name == in.name || strings.HasPrefix(v.Name, in.name+".") || strings.HasPrefix(v.Name, in.name+"["))
	})
	r.edits = append(r.edits, ParamValue{Operation: r.op.Key(), In: in.in, Name: in.name, Value: c.value, Omit: c.omit})
	p, ok := r.offer()
	if !ok {
		r.edits, r.why[in.key()] = saved, savedWhy
		return Probe{}, false
	}
	what := fmt.Sprintf("set %s %q to %s", location(in.in), in.name, c.show())
	if c.omit {
		what = fmt.Sprintf("left out %s %q", location(in.in), in.name)
	}
	r.why[in.key()] = what + " (" + c.why + ")"
	return p, true
}

// gen returns the run's generator with the changes so far after its values.
func (r *Repairing) gen() *Gen {
	g := *r.g
	g.Values = append(slices.Clone(r.g.Values), r.edits...)
	return &g
}

// control builds the operation's control with the changes so far.
func (r *Repairing) control() Probe {
	req := r.gen().newBuild(r.op).request(IdentityAuthorized)
	return probe(control{}, r.op, "", "send the operation's valid request (no finding by itself)", req, Expectation{})
}

// offer returns the control with the changes so far, unless that request
// was sent already (the caller then takes its changes back).
func (r *Repairing) offer() (Probe, bool) {
	p := r.control()
	k := r.key(p)
	if r.sent[k] {
		return Probe{}, false
	}
	r.sent[k] = true
	r.tries++
	return p, true
}

// key identifies a request, so that none is sent twice.
func (r *Repairing) key(p Probe) string { return p.Request.Path + "\x00" + string(p.Request.Body) }

// userGave reports whether the user gave the value of an input of the
// operation: theirs is never changed.
func (r *Repairing) userGave(in, name string) bool {
	for _, v := range r.g.Values {
		if v.Name == name && (v.In == in || v.In == "" && in != InBody) && v.For(r.op) {
			return true
		}
	}
	return false
}

// input is one input of the request as last built: a parameter or a body
// field, with its value and schema.
type input struct {
	in, name string
	value    any // nil when absent
	present  bool
	// parentPresent is set when the input's parent is in the request (a
	// top-level member's always is): an absent member of an absent parent
	// is not what an answer that names it is about.
	parentPresent bool
	required      bool
	schema        *openapi.Schema
}

func (in input) key() string { return in.in + ":" + in.name }

// leaf is the last word of an input's name: "login" for owner.login,
// "masters" for masters[0].
func (in input) leaf() string {
	n := in.name
	if i := strings.LastIndex(n, "."); i >= 0 {
		n = n[i+1:]
	}
	n, _, _ = strings.Cut(n, "[")
	return n
}

// inputs lists the inputs of the request as last built that are errprobe's
// to change: parameters, then body fields, less those the user gave.
func (r *Repairing) inputs() []input {
	g := r.gen()
	b := g.newBuild(r.op)
	var out []input
	for _, p := range r.op.Parameters {
		v, ok := b.params[p]
		if !ok || r.userGave(p.In, p.Name) {
			continue
		}
		out = append(out, input{in: p.In, name: p.Name, value: v, present: true, parentPresent: true, required: p.Required || p.In == "path", schema: p.Schema})
	}
	if r.op.Body == nil || r.op.Body.Schema == nil || !r.op.Body.JSON() && formMedia(r.op.Body.ContentType) == "" {
		return out
	}
	// The body as sent (a write's names made unique), so that a value the
	// answer echoes is found; a form's fields are its sample's.
	var body any
	if !r.op.Body.JSON() || json.Unmarshal(b.body, &body) != nil {
		body = g.sampleBody(r.op)
	}
	for _, f := range bodyFields(r.op.Body.Schema) {
		if r.userGave(InBody, f.name()) {
			continue
		}
		v, ok := valueAt(body, f.path)
		_, parent := valueAt(body, f.path[:len(f.path)-1])
		out = append(out, input{in: InBody, name: f.name(), value: v, present: ok, parentPresent: parent, required: f.required && !f.isItem(), schema: f.schema})
	}
	return out
}

// valueAt returns the value at path in a decoded body.
func valueAt(v any, path []string) (any, bool) {
	for _, step := range path {
		if strings.HasPrefix(step, "[") {
			arr, ok := v.([]any)
			if !ok || len(arr) == 0 {
				return nil, false
			}
			v = arr[0]
			continue
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = obj[step]; !ok {
			return nil, false
		}
	}
	return v, true
}

// blame orders the inputs an answer points at, most likely first: one
// whose value the answer echoes and whose name it says, nearest the value
// first; one it names that is absent ("Key 'kind' not present"); one it
// names; one whose value it echoes.
func blame(inputs []input, msg string) []input {
	lower := strings.ToLower(msg)
	ws := msgWords(lower)
	type scored struct {
		in    input
		score int
		dist  int
	}
	var out []scored
	for _, in := range inputs {
		at := echoAt(in, msg)
		named, nameAt := namedIn(in, ws)
		sc := scored{in: in, dist: 1 << 30}
		switch {
		case at >= 0 && named:
			sc.score, sc.dist = 4, abs(at-nameAt)
		case named && !in.present && in.parentPresent:
			sc.score = 3
		case named:
			sc.score = 2
		case at >= 0:
			sc.score = 1
		default:
			continue
		}
		out = append(out, sc)
	}
	slices.SortStableFunc(out, func(a, b scored) int {
		if a.score != b.score {
			return b.score - a.score
		}
		return a.dist - b.dist
	})
	in := make([]input, len(out))
	for i, s := range out {
		in[i] = s.in
	}
	return in
}

// echoAt returns where the answer echoes an input's value, or -1. Values
// too short or too common to tell apart (booleans, small numbers) never
// count.
func echoAt(in input, msg string) int {
	if !in.present {
		return -1
	}
	var s string
	switch v := in.value.(type) {
	case string:
		s = v
	case float64, int64, int:
		s = fmt.Sprint(v)
	}
	if len(s) < 3 {
		return -1
	}
	return strings.Index(msg, s)
}

// namedIn reports whether the answer says the input's name, and where: as
// a word, in either number ("Master" names "masters").
func namedIn(in input, ws []msgWord) (bool, int) {
	name := strings.ToLower(in.leaf())
	if name == "" {
		return false, -1
	}
	for _, w := range ws {
		if w.w == name || w.w+"s" == name || name+"s" == w.w {
			return true, w.at
		}
	}
	return false, -1
}

type msgWord struct {
	w  string
	at int
}

// msgWords splits an answer into words (letters, digits, _ and -).
func msgWords(s string) []msgWord {
	var out []msgWord
	start := -1
	for i, r := range s + " " {
		word := r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, msgWord{w: s[start:i], at: start})
			start = -1
		}
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// candidate is one change to an input.
type candidate struct {
	value string // as --param gives it: typed by the field's schema
	omit  bool
	why   string
}

func (c candidate) show() string {
	if _, err := strconv.ParseFloat(c.value, 64); err == nil || c.value == "true" || c.value == "false" || strings.HasPrefix(c.value, "[") || strings.HasPrefix(c.value, "{") {
		return c.value
	}
	return strconv.Quote(c.value)
}

// hint is a kind of value, called for by words of the answer or of the
// input's name.
type hint struct {
	words []string
	why   string
	value func(g *Gen, cur string, attempt int) string
}

var hints = []hint{
	{[]string{"ip", "ipv4", "address", "addr", "master", "masters", "primary", "primaries"}, "an IP address",
		func(*Gen, string, int) string { return "192.0.2.1" }},
	{[]string{"ipv6"}, "an IPv6 address", func(*Gen, string, int) string { return "2001:db8::1" }},
	{[]string{"canonical", "dns", "fqdn", "domain", "zone", "hostname", "nameserver", "nameservers", "ns"}, "a DNS name with its trailing dot",
		func(_ *Gen, cur string, _ int) string {
			if cur != "" && !strings.HasSuffix(cur, ".") && !strings.ContainsAny(cur, " /:@") {
				return cur + "."
			}
			return ""
		}},
	{[]string{"canonical", "dns", "fqdn", "domain", "zone", "hostname", "host", "nameserver", "nameservers"}, "a fully qualified DNS name",
		func(g *Gen, _ string, _ int) string { return "errprobe" + g.token("name") + ".example.org." }},
	{[]string{"email", "mail", "e-mail"}, "an e-mail address",
		func(g *Gen, _ string, _ int) string { return "errprobe" + g.token("name") + "@example.com" }},
	{[]string{"url", "urls", "uri", "uris", "link", "href", "endpoint", "webhook", "callback", "website", "homepage"}, "a URL",
		func(*Gen, string, int) string { return "https://example.com/errprobe" }},
	{[]string{"uuid", "guid"}, "a UUID", func(g *Gen, _ string, _ int) string { return g.uuid("repair") }},
	{[]string{"date"}, "a date", func(*Gen, string, int) string { return "2099-01-01" }},
	{[]string{"time", "timestamp", "datetime"}, "a date-time", func(*Gen, string, int) string { return "2099-01-01T00:00:00Z" }},
	{[]string{"exists", "already", "duplicate", "taken", "conflict", "conflicts", "unique", "use"}, "a value not taken yet",
		func(g *Gen, cur string, attempt int) string {
			return fmt.Sprintf("errprobe%s", g.token(fmt.Sprintf("repair-%s-%d", cur, attempt)))
		}},
	{[]string{"number", "integer", "numeric", "int", "digits"}, "a number", func(*Gen, string, int) string { return "1" }},
	{[]string{"base64"}, "base64", func(*Gen, string, int) string { return base64.StdEncoding.EncodeToString([]byte("errprobe")) }},
	{[]string{"json"}, "JSON", func(*Gen, string, int) string { return "{}" }},
}

// candidates lists the changes worth trying for an input the answer
// points at, best first.
func candidates(g *Gen, op *openapi.Operation, in input, msg string, status, attempt int) []candidate {
	var out []candidate
	if !in.present {
		if in.in == InBody {
			v := g.uniqueNames(op, Sample(in.schema), in.schema, "/"+strings.ReplaceAll(in.name, ".", "/"))
			out = append(out, candidate{value: wireValue(v), why: "the answer names it and it was absent"})
		}
		return out
	}
	cur, isString := in.value.(string)
	t := ""
	if m := in.schema.Merged(); m != nil {
		t = m.Type()
	}
	if isString || t == "string" || t == "" && in.in != InBody {
		words := msgWords(strings.ToLower(msg + " " + in.leaf()))
		if status == http.StatusConflict {
			words = append(words, msgWord{w: "conflict"})
		}
		seen := map[string]bool{cur: true}
		for _, h := range hints {
			if !saysAny(words, h.words) {
				continue
			}
			if v := h.value(g, cur, attempt); v != "" && !seen[v] {
				seen[v] = true
				out = append(out, candidate{value: v, why: h.why})
			}
		}
	}
	switch v := in.value.(type) {
	case bool:
		out = append(out, candidate{value: strconv.FormatBool(!v), why: "the other boolean"})
	case []any:
		if len(v) > 0 {
			out = append(out, candidate{value: "[]", why: "an empty list"})
		}
	case map[string]any:
		if len(v) > 0 {
			out = append(out, candidate{value: "{}", why: "an empty object"})
		}
	}
	if !in.required && in.in == InBody {
		out = append(out, candidate{omit: true, why: "optional, and the answer points at it"})
	}
	return out
}

// saysAny reports whether any of ws is among the words.
func saysAny(words []msgWord, ws []string) bool {
	for _, w := range words {
		if slices.Contains(ws, w.w) {
			return true
		}
	}
	return false
}

// wireValue renders a sample value as --param gives it.
func wireValue(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// location names where an input goes, for the report.
func location(in string) string {
	if in == InBody {
		return "body property"
	}
	return in + " parameter"
}

// ListSome joins the first n items and says how many more there are.
func ListSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}
