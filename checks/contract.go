package checks

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
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

// errorStyles lists the styles, most specific first: the first that
// matches a body is its style.
var errorStyles = []errorStyle{
	{ID: "nestjs", Label: "NestJS-style", Preset: "nestjs", match: func(o map[string]any) bool {
		return isNumber(o["statusCode"]) && isText(o["message"]) && onlyKeys(o, "statusCode", "message", "error")
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
	{ID: "laravel", Label: "Laravel-style", Preset: "laravel", match: func(o map[string]any) bool {
		errs, ok := o["errors"].(map[string]any)
		return ok && isString(o["message"]) && len(o) == 2 && allTexts(errs)
	}},
	{ID: "problem", Label: "RFC 9457 problem details", Generic: true, match: looksLikeProblem},
	{ID: "detail", Label: "{detail} (FastAPI or Django REST framework)", Generic: true, match: func(o map[string]any) bool {
		return len(o) == 1 && isString(o["detail"])
	}},
	{ID: "django-rest-framework", Label: "Django REST framework-style field errors", Preset: "django-rest-framework", match: func(o map[string]any) bool {
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
}

// String is the report header's line: "NestJS-style, learned from 12 answers".
func (c *Contract) String() string {
	return fmt.Sprintf("%s, learned from %d of %d answers", c.Label, c.Answers, c.Of)
}

// LearnContract learns the API's error contract from the run-level
// records of its answered errors: the style most of them use, ties broken
// by catalogue order. A framework's own style seen beside a generic one
// it shares (FastAPI's validation errors beside {detail}) names the
// framework. Nil when no answer has a recognised style.
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
	if style.Generic {
		if fw, ok := frameworkBeside(best, counts); ok {
			style, n = fw, n+counts[fw.ID]
		}
	}
	return &Contract{Style: style.ID, Label: style.Label, Preset: style.Preset, Answers: n, Of: total}
}

// sharedBy lists, for a generic style, the framework styles that also
// write it.
var sharedBy = map[string][]string{
	"detail":  {"fastapi", "django-rest-framework"},
	"problem": {"aspnet"},
}

// frameworkBeside returns the framework style seen most among those that
// also write the generic style.
func frameworkBeside(generic string, counts map[string]int) (errorStyle, bool) {
	best := ""
	for _, id := range sharedBy[generic] {
		if counts[id] > counts[best] {
			best = id
		}
	}
	if best == "" {
		return errorStyle{}, false
	}
	return lookupStyle(best)
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
