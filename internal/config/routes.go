package config

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// OpenAPI renders the routes as an OpenAPI 3.1 description, so an API
// without one is probed exactly like one with one.
func (c *Config) OpenAPI() ([]byte, error) {
	paths := map[string]map[string]any{}
	schemes := map[string]any{}
	for _, r := range c.Routes {
		op := map[string]any{"responses": responses(r.Errors)}
		if r.ID != "" {
			op["operationId"] = r.ID
		}
		var params []any
		for _, p := range r.Query {
			params = append(params, param(p, "query"))
		}
		for _, p := range r.Headers {
			params = append(params, param(p, "header"))
		}
		for _, name := range pathParams(r.Path) {
			p := Param{Name: name, Required: true}
			for _, declared := range r.PathParams {
				if declared.Name == name {
					p.Schema, p.Example = declared.Schema, declared.Example
				}
			}
			params = append(params, param(p, "path"))
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if r.Body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": r.Body}}}
		}
		op["security"] = security(r.Security, schemes)
		if paths[r.Path] == nil {
			paths[r.Path] = map[string]any{}
		}
		paths[r.Path][strings.ToLower(r.Method)] = op
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info":    map[string]any{"title": "routes from " + c.File, "version": "config"},
		"paths":   paths,
	}
	if len(schemes) > 0 {
		doc["components"] = map[string]any{"securitySchemes": schemes}
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: routes: %v", ErrInvalid, c.File, err)
	}
	return data, nil
}

func responses(errs []int) map[string]any {
	out := map[string]any{"default": map[string]any{"description": "any response"}}
	for _, s := range errs {
		out[fmt.Sprint(s)] = map[string]any{"description": "documented error"}
	}
	return out
}

func param(p Param, in string) map[string]any {
	schema := p.Schema
	if schema == nil {
		schema = map[string]any{"type": "string"}
	}
	out := map[string]any{"name": p.Name, "in": in, "required": p.Required, "schema": schema}
	if p.Example != nil {
		out["example"] = p.Example
	}
	return out
}

func pathParams(path string) []string {
	var out []string
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			out = append(out, seg[1:len(seg)-1])
		}
	}
	sort.Strings(out)
	return out
}

// security adds the scheme a route names and returns its requirement.
func security(s string, schemes map[string]any) []any {
	switch {
	case s == "" || s == "none":
		return []any{}
	case s == "bearer" || s == "basic":
		schemes[s] = map[string]any{"type": "http", "scheme": s}
		return []any{map[string]any{s: []any{}}}
	}
	parts := strings.SplitN(s, ":", 3) // apiKey:in:name, checked by validate
	name := "apiKey_" + parts[1] + "_" + parts[2]
	schemes[name] = map[string]any{"type": "apiKey", "in": parts[1], "name": parts[2]}
	return []any{map[string]any{name: []any{}}}
}
