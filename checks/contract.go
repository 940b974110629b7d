package checks

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// An error style is a shape of error body that a framework writes by
// default, or a shape many APIs share. errprobe recognises the style of
// every JSON error answer and learns the API's error contract from them:
// the style most answers use. A framework's style names its preset.
type errorStyle struct {
	ID     string // stable, in reports
	Label  string // for people: "NestJS-style"
	Preset string // the framework's preset, "" for shapes many share
	// Generic styles are shared by several frameworks ({detail} by FastAPI
	// and Django REST framework): a specific style seen beside one names
	// the framework.
	Generic bool
	match   func(obj map[string]any) bool
}

// errorStyles lists the styles, framework signatures first: the first
// that matches a body is its style.
var errorStyles = []errorStyle{
	{ID: "nestjs", Label: "NestJS-style", Preset: "nestjs", match: func(o map[string]any) bool {
		// ValidationPipe's list of messages, or Express's "Cannot GET /x" under NestJS's shape.
		msg, list := o["message"].([]any)
		text, _ := o["message"].(string)
		return statusCodeShape(o) && (list && isText(msg) || strings.HasPrefix(text, "Cannot "))
	}},
	{ID: "fastify", Label: "Fastify-style", Preset: "fastify", match: func(o map[string]any) bool {
		code, _ := o["code"].(string)
		text, _ := o["message"].(string)
		return isNumber(o["statusCode"]) && isString(o["error"]) && isString(o["message"]) && onlyKeys(o, "statusCode", "code", "error", "message") &&
			(strings.HasPrefix(code, "FST_") || strings.HasPrefix(text, "Route ") && strings.HasSuffix(text, " not found"))
	}},
	{ID: "loopback", Label: "LoopBack-style", Preset: "loopback", match: func(o map[string]any) bool {
		e, ok := o["error"].(map[string]any)
		return ok && len(o) == 1 && isNumber(e["statusCode"]) && isString(e["name"]) && isString(e["message"])
	}},
	{ID: "spring", Label: "Spring Boot-style", Preset: "spring", match: func(o map[string]any) bool {
		return hasKeys(o, "timestamp", "status", "error", "path")
	}},
	{ID: "aspnet", Label: "ASP.NET-style problem details", Preset: "aspnet", match: func(o map[string]any) bool {
		_, trace := o["traceId"]
		_, errs := o["errors"].(map[string]any)
		return looksLikeProblem(o) && (trace || errs)
	}},
	{ID: "grpc-gateway", Label: "grpc-gateway-style", Preset: "grpc-gateway", match: func(o map[string]any) bool {
		_, details := o["details"].([]any)
		return isNumber(o["code"]) && isString(o["message"]) && details && onlyKeys(o, "code", "message", "details")
	}},
	{ID: "fastapi", Label: "FastAPI-style", Preset: "fastapi", match: func(o map[string]any) bool {
		items, ok := o["detail"].([]any)
		if !ok || len(o) != 1 || len(items) == 0 {
			return false
		}
		first, ok := items[0].(map[string]any)
		return ok && hasKeys(first, "loc", "msg", "type")
	}},
	{ID: "webargs", Label: "webargs-style", match: func(o map[string]any) bool {
		// webargs (Flask, flask-smorest, aiohttp): {"errors": {"json":
		// {"year": ["Missing data for required field."]}}}, messages by
		// location, then field.
		errs, ok := o["errors"].(map[string]any)
		if !ok || len(errs) == 0 {
			return false
		}
		for loc, v := range errs {
			if !webargsLocations[loc] {
				return false
			}
			switch x := v.(type) {
			case map[string]any:
				if !allTexts(x) {
					return false
				}
			default:
				if !isText(x) {
					return false
				}
			}
		}
		return true
	}},
	{ID: "laravel", Label: "Laravel-style", Preset: "laravel", match: func(o map[string]any) bool {
		errs, ok := o["errors"].(map[string]any)
		return ok && isString(o["message"]) && len(o) == 2 && allTexts(errs)
	}},
	{ID: "express", Label: "express-openapi-validator-style", Preset: "express", match: func(o map[string]any) bool {
		_, errs := o["errors"].([]any)
		return errs && isString(o["message"]) && len(o) == 2
	}},
	{ID: "rails", Label: "Rails-style", Preset: "rails", match: func(o map[string]any) bool {
		return isNumber(o["status"]) && isString(o["error"]) && len(o) == 2
	}},
	{ID: "problem", Label: "RFC 9457 problem details", Generic: true, match: looksLikeProblem},
	{ID: "statuscode", Label: "{statusCode, message}", Generic: true, match: statusCodeShape},
	{ID: "detail", Label: "{detail}", Generic: true, match: func(o map[string]any) bool {
		return len(o) == 1 && isString(o["detail"])
	}},
	{ID: "field-errors", Label: "field errors ({field: [texts]})", Generic: true, match: func(o map[string]any) bool {
		return len(o) > 0 && allTexts(o)
	}},
	{ID: "simple", Label: "{error, message}", Generic: true, match: func(o map[string]any) bool {
		return isText(o["message"]) && (isString(o["error"]) || isNumber(o["status"]) || isString(o["code"]))
	}},
	{ID: "errors", Label: "{errors}", Generic: true, match: func(o map[string]any) bool {
		_, ok := o["errors"].([]any)
		return ok
	}},
	{ID: "error", Label: "{error}", Generic: true, match: func(o map[string]any) bool { return isString(o["error"]) }},
	{ID: "message", Label: "{message}", Generic: true, match: func(o map[string]any) bool { return isText(o["message"]) }},
	// No body has this style: a run's {detail} and field errors together name it.
	{ID: "django-rest-framework", Label: "Django REST framework-style", Preset: "django-rest-framework", match: func(map[string]any) bool { return false }},
}

// webargsLocations are where webargs reads a request's arguments.
var webargsLocations = map[string]bool{
	"json": true, "query": true, "querystring": true, "form": true, "headers": true, "cookies": true,
	"files": true, "path": true, "view_args": true, "match_info": true, "json_or_form": true,
}

// statusCodeShape is {statusCode, message[, error]}, which NestJS and
// Fastify share.
func statusCodeShape(o map[string]any) bool {
	return isNumber(o["statusCode"]) && isText(o["message"]) && onlyKeys(o, "statusCode", "message", "error")
}

// styleOf returns the ID of a decoded error body's style, or "".
func styleOf(doc any) string {
	obj, ok := doc.(map[string]any)
	if !ok {
		return ""
	}
	for _, s := range errorStyles {
		if s.match(obj) {
			return s.ID
		}
	}
	return ""
}

// lookupStyle returns the style with the given ID.
func lookupStyle(id string) (errorStyle, bool) {
	for _, s := range errorStyles {
		if s.ID == id {
			return s, true
		}
	}
	return errorStyle{}, false
}

// Contract is the error contract learned from a run's answers.
type Contract struct {
	Style   string `json:"style"`            // a style ID
	Label   string `json:"label"`            // for people
	Preset  string `json:"preset,omitempty"` // the framework's preset, when the style names one
	Answers int    `json:"answers"`          // JSON error answers in that style
	Of      int    `json:"of"`               // JSON error answers with any recognised style
	// Applied names the preset recognised from the control requests'
	// answers and applied where the description documents no status.
	Applied string `json:"appliedPreset,omitempty"`
}

// String is the report header's line: "NestJS-style, learned from 12 answers".
func (c *Contract) String() string {
	s := fmt.Sprintf("%s, learned from %d of %d answers", c.Label, c.Answers, c.Of)
	if c.Applied != "" {
		s += fmt.Sprintf("; preset %s applied where the description documents no status (--preset none to judge by RFC 9110's defaults)", c.Applied)
	}
	return s
}

// LearnContract learns the API's error contract from the run-level
// records of its answered errors: the style most of them use, ties broken
// by catalogue order. A framework seen beside a shape it shares with
// others (NestJS's validation errors beside {statusCode, message}) names
// the contract. Nil when no answer has a recognised style.
func LearnContract(views []RunView) *Contract {
	counts := map[string]int{}
	total := 0
	for _, v := range views {
		if v.Style != "" {
			counts[v.Style]++
			total++
		}
	}
	if total == 0 {
		return nil
	}
	best := ""
	for _, s := range errorStyles {
		if counts[s.ID] > counts[best] {
			best = s.ID
		}
	}
	style, _ := lookupStyle(best)
	n := counts[best]
	for _, fw := range frameworks {
		if (style.Generic || fw.id == best) && slices.Contains(fw.writes, best) && fw.seen(counts) {
			style, _ = lookupStyle(fw.id)
			for _, id := range fw.writes {
				if id != best {
					n += counts[id]
				}
			}
			break
		}
	}
	return &Contract{Style: style.ID, Label: style.Label, Preset: style.Preset, Answers: n, Of: total}
}

// frameworks name the framework behind a shared shape: the styles it
// writes, and whether a run's styles show it.
var frameworks = []struct {
	id     string
	writes []string
	seen   func(counts map[string]int) bool
}{
	{"nestjs", []string{"nestjs", "statuscode"}, func(c map[string]int) bool { return c["nestjs"] > 0 }},
	{"fastify", []string{"fastify", "statuscode"}, func(c map[string]int) bool { return c["fastify"] > 0 }},
	{"fastapi", []string{"fastapi", "detail"}, func(c map[string]int) bool { return c["fastapi"] > 0 }},
	{"django-rest-framework", []string{"detail", "field-errors"}, func(c map[string]int) bool { return c["detail"] > 0 && c["field-errors"] > 0 }},
	{"rails", []string{"rails", "field-errors", "error"}, func(c map[string]int) bool { return c["rails"] > 0 }},
	{"aspnet", []string{"aspnet", "problem"}, func(c map[string]int) bool { return c["aspnet"] > 0 }},
}

func isNumber(v any) bool {
	switch v.(type) {
	case json.Number, float64:
		return true
	}
	return false
}

// isText reports whether v is a text or a non-empty list of texts.
func isText(v any) bool {
	switch x := v.(type) {
	case string:
		return true
	case []any:
		return len(x) > 0 && slices.IndexFunc(x, func(e any) bool { return !isString(e) }) < 0
	}
	return false
}

func allTexts(o map[string]any) bool {
	for _, v := range o {
		if l, ok := v.([]any); !ok || !isText(l) {
			return false
		}
	}
	return true
}

func hasKeys(o map[string]any, keys ...string) bool {
	for _, k := range keys {
		if _, ok := o[k]; !ok {
			return false
		}
	}
	return true
}

// onlyKeys reports whether o has no member outside keys.
func onlyKeys(o map[string]any, keys ...string) bool {
	for k := range maps.Keys(o) {
		if !slices.Contains(keys, k) {
			return false
		}
	}
	return true
}

// SetAutoPreset lets the judge choose a framework's preset from the
// answers to the control requests (Learn), for a run whose user chose none.
func (j *Judge) SetAutoPreset(on bool) { j.autoPreset = on }

// Learn recognises the framework behind the API from the answers to the
// control requests (the reference request's 404 and any error a valid
// request got) and, when auto presets are on, returns that framework's
// preset for the probes whose statuses are RFC 9110's defaults (see
// WithLearned). Call it once, before the probes are judged.
func (j *Judge) Learn(controls []Result) []Override {
	if !j.autoPreset {
		return nil
	}
	var views []RunView
	for _, r := range controls {
		if r.Response != nil && r.Err == nil && !r.Skipped {
			views = append(views, j.View(r))
		}
	}
	c := LearnContract(views)
	if c == nil || c.Preset == "" {
		return nil
	}
	p, err := LookupPreset(c.Preset)
	if err != nil {
		return nil
	}
	j.learned = p.Name
	out := make([]Override, len(p.Overrides))
	for i, o := range p.Overrides {
		o.Source += " (recognised)"
		out[i] = o
	}
	return out
}

// Learned names the preset Learn chose, or "".
func (j *Judge) Learned() string { return j.learned }
