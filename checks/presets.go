package checks

import (
	"fmt"
	"sort"
	"strings"
)

// Preset sets the expectations a framework's standard error handling
// meets, so a default run judges an API built on it fairly. Presets only
// loosen or shift statuses a framework is known to choose; they never
// silence a rule.
type Preset struct {
	Name        string
	Description string
	Overrides   []Override
}

func sel(f Family, check string) Selector { return Selector{Family: f, Check: check} }

// allValidation sets the statuses of every check whose mistake is bad
// input (Meta.Input), in catalogue order.
func allValidation(statuses ...int) []Override {
	var out []Override
	for _, c := range All() {
		if c.Meta().Input {
			out = append(out, Override{Selector: Selector{Check: c.Meta().ID}, Statuses: statuses})
		}
	}
	return out
}

// Presets lists the built-in presets, sorted by name.
func Presets() []Preset {
	ps := []Preset{
		{Name: "flask", Description: "Flask: abort(400) for bad input; Werkzeug answers an unreadable JSON body with 400 (415 from Werkzeug 2.3) and a path segment that fails a converter (<int:id>) with 404.",
			Overrides: append(allValidation(400, 422),
				Override{Selector: sel("", "malformed-content-type"), Statuses: []int{400, 415}},
				Override{Selector: sel("", "missing-body"), Statuses: []int{400, 415, 422}},
				Override{Selector: sel("", "malformed-param-type"), Statuses: []int{400, 404, 422}})},
		{Name: "fastapi", Description: "FastAPI/Starlette: every validation failure, unreadable JSON and a wrong content type included, is 422 {\"detail\": [...]}; unknown routes 404 and wrong methods 405 with {\"detail\": \"...\"}.",
			Overrides: append(allValidation(422),
				Override{Selector: sel("", "malformed-content-type"), Statuses: []int{415, 422}},
				Override{Selector: sel("", "missing-body"), Statuses: []int{422}},
				// A body json.loads cannot decode (invalid UTF-8, nesting past the
				// recursion limit) is 400 "There was an error parsing the body".
				Override{Selector: sel("", "malformed-body-shape"), Statuses: []int{400, 422}})},
		{Name: "django-rest-framework", Description: "Django REST framework: ValidationError and ParseError are 400, UnsupportedMediaType 415, MethodNotAllowed 405 with Allow; NotAuthenticated is 401 only with an authentication class that sends WWW-Authenticate (else 403).",
			Overrides: append(allValidation(400),
				Override{Selector: sel("", "malformed-content-type"), Statuses: []int{415}},
				Override{Selector: sel("", "missing-body"), Statuses: []int{400, 415}})},
		{Name: "express", Description: "Express with express-openapi-validator: request validation is 400 {message, errors}, an unsupported media type 415, a method the route lacks 405; plain Express routers answer unknown methods with 404.",
			Overrides: append(allValidation(400),
				Override{Selector: sel("", "malformed-content-type"), Statuses: []int{400, 415}},
				Override{Selector: sel("", "missing-body"), Statuses: []int{400, 415}},
				Override{Selector: sel("", "method-not-allowed"), Statuses: []int{404, 405}})},
		{Name: "spring", Description: "Spring Boot: bean validation and unreadable bodies are 400, HttpMediaTypeNotSupported 415, HttpRequestMethodNotSupported 405 with Allow; Spring Security answers 401 and 403.",
			Overrides: append(allValidation(400),
				Override{Selector: sel("", "malformed-content-type"), Statuses: []int{415}},
				Override{Selector: sel("", "missing-body"), Statuses: []int{400, 415}})},
		{Name: "aspnet", Description: "ASP.NET Core [ApiController]: model validation is 400 ValidationProblemDetails (application/problem+json), an unsupported media type 415, a wrong method 405.",
			Overrides: append(allValidation(400),
				Override{Selector: sel("", "malformed-content-type"), Statuses: []int{415}},
				Override{Selector: sel("", "missing-body"), Statuses: []int{400, 415}})},
		{Name: "rails", Description: "Rails API: unparsable JSON is 400 (ParseError), model validation 422 (unprocessable_entity), a missing required parameter 400 (ParameterMissing); the router answers an unknown method with 404.",
			Overrides: append(allValidation(400, 422),
				Override{Selector: sel("", "malformed-json-truncated"), Statuses: []int{400}},
				Override{Selector: sel("", "malformed-json-syntax"), Statuses: []int{400}},
				Override{Selector: sel("", "malformed-content-type"), Statuses: []int{400, 415, 422}},
				Override{Selector: sel("", "method-not-allowed"), Statuses: []int{404, 405}})},
		{Name: "nestjs", Description: "NestJS with the global ValidationPipe: every validation failure and unreadable JSON is 400 {statusCode, message: [...], error}; a body of another content type is read as empty and fails validation (400); Express's router answers a method the route lacks with 404 \"Cannot PATCH /x\".",
			Overrides: append(allValidation(400),
				Override{Selector: sel("", "malformed-content-type"), Statuses: []int{400, 415}},
				Override{Selector: sel("", "missing-body"), Statuses: []int{400}},
				Override{Selector: sel("", "method-not-allowed"), Statuses: []int{404, 405}})},
		{Name: "fastify", Description: "Fastify with JSON-schema validation: validation failures and unreadable JSON are 400 {statusCode, code: FST_ERR_..., error, message}; an unsupported content type 415; a method the route lacks 404 \"Route PATCH:/x not found\".",
			Overrides: append(allValidation(400),
				Override{Selector: sel("", "malformed-content-type"), Statuses: []int{415}},
				Override{Selector: sel("", "missing-body"), Statuses: []int{400, 415}},
				Override{Selector: sel("", "method-not-allowed"), Statuses: []int{404, 405}})},
		{Name: "loopback", Description: "LoopBack 4: an invalid body is 422 {error: {statusCode, name, message, details}}, an invalid or missing parameter and unreadable JSON 400, an unsupported content type 415; the router answers a method the route lacks with 404 \"Endpoint not found\".",
			Overrides: append(allValidation(400, 422),
				Override{Selector: sel("", "malformed-field-type"), Statuses: []int{422}},
				Override{Selector: sel("", "malformed-field-constraint"), Statuses: []int{422}},
				Override{Selector: sel("", "missing-body-field"), Statuses: []int{422}},
				Override{Selector: sel("", "malformed-json-truncated"), Statuses: []int{400}},
				Override{Selector: sel("", "malformed-json-syntax"), Statuses: []int{400}},
				Override{Selector: sel("", "malformed-content-type"), Statuses: []int{415}},
				Override{Selector: sel("", "missing-body"), Statuses: []int{400}},
				Override{Selector: sel("", "method-not-allowed"), Statuses: []int{404, 405}})},
		{Name: "grpc-gateway", Description: "grpc-gateway: INVALID_ARGUMENT maps to 400 {code: 3, message, details}; a method the route lacks is UNIMPLEMENTED, 501 (or 405 with WithRoutingErrorHandler).",
			Overrides: append(allValidation(400),
				Override{Selector: sel("", "malformed-content-type"), Statuses: []int{400, 415}},
				Override{Selector: sel("", "missing-body"), Statuses: []int{400}},
				Override{Selector: sel("", "method-not-allowed"), Statuses: []int{405, 501}})},
		{Name: "laravel", Description: "Laravel: validation failures are 422 {message, errors: {field: [...]}}; JSON it cannot parse is read as empty input and fails validation (422); a method the route lacks is 405.",
			Overrides: append(allValidation(422),
				Override{Selector: sel("", "malformed-json-truncated"), Statuses: []int{400, 422}},
				Override{Selector: sel("", "malformed-json-syntax"), Statuses: []int{400, 422}},
				Override{Selector: sel("", "malformed-content-type"), Statuses: []int{415, 422}},
				Override{Selector: sel("", "missing-body"), Statuses: []int{422}})},
		{Name: "go-chi", Description: "Go with chi: handlers choose 400 or 422; chi answers a method the route lacks with 405 and Allow, an unknown path with 404.",
			Overrides: append(allValidation(400, 422),
				Override{Selector: sel("", "malformed-content-type"), Statuses: []int{400, 415}})},
	}
	for i := range ps {
		for j := range ps[i].Overrides {
			ps[i].Overrides[j].Source = "preset " + ps[i].Name
		}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	return ps
}

// The preset names that choose no framework: auto (the default) lets the
// run recognise the framework from its answers (Judge.Learn); none keeps
// the description's statuses and RFC 9110's defaults.
const (
	PresetAuto = "auto"
	PresetNone = "none"
)

// AutoPreset reports whether a --preset value lets the run choose.
func AutoPreset(name string) bool { return name == "" || name == PresetAuto }

// LookupPreset returns the named preset.
func LookupPreset(name string) (Preset, error) {
	var names []string
	for _, p := range Presets() {
		if p.Name == name {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return Preset{}, fmt.Errorf("unknown preset %q (want %s, %s or one of %s)", name, PresetAuto, PresetNone, strings.Join(names, ", "))
}
