package main

// framework is one target and the requests whose answers are recorded.
type framework struct {
	Name    string   // directory under the output folder
	About   string   // the framework and version, for the index
	Dir     string   // working directory, relative to the module root
	Command []string // argv; --port N is appended
	Ready   string   // path that answers 200 once the target is up
	Hint    string   // what to install when it does not start
	Cases   []httpCase
}

// httpCase is one request; Want, when set, is the status it must get (the
// recorder fails rather than file an answer of the wrong kind).
type httpCase struct {
	Name    string
	Method  string
	Path    string
	Headers []string // "Name: value"
	Body    string
	Want    int
}

const (
	admin  = "Authorization: Bearer admin-token"
	reader = "Authorization: Bearer reader-token"
	asJSON = "Content-Type: application/json"
)

// itemCases are the requests sent to the item APIs of the framework
// targets (and FastAPI's, which has the same routes). want gives the status
// some of them must get, by case name.
func itemCases(want map[string]int, more ...httpCase) []httpCase {
	body := `{"name":"ham","price":1}`
	cases := []httpCase{
		{Name: "malformed-json", Method: "POST", Path: "/items", Headers: []string{admin, asJSON}, Body: `{"name":`},
		{Name: "validation", Method: "POST", Path: "/items", Headers: []string{admin, asJSON}, Body: `{"name":"ham"}`},
		{Name: "unknown-route", Method: "GET", Path: "/errprobe-unknown"},
		{Name: "wrong-method", Method: "PATCH", Path: "/items"},
		{Name: "unauthenticated", Method: "POST", Path: "/items", Headers: []string{asJSON}, Body: body},
		{Name: "invalid-token", Method: "POST", Path: "/items", Headers: []string{"Authorization: Bearer errprobe-unknown", asJSON}, Body: body},
		{Name: "forbidden", Method: "POST", Path: "/items", Headers: []string{reader, asJSON}, Body: body},
		{Name: "unknown-resource", Method: "GET", Path: "/items/999"},
		{Name: "bad-path-param", Method: "GET", Path: "/items/abc"},
		{Name: "bad-query-param", Method: "GET", Path: "/items?limit=abc"},
	}
	return expect(append(cases, more...), want)
}

// expect sets the wanted status of the named cases.
func expect(cases []httpCase, want map[string]int) []httpCase {
	for i := range cases {
		if w, ok := want[cases[i].Name]; ok {
			cases[i].Want = w
		}
	}
	return cases
}

var frameworks = []framework{
	{
		Name: "nestjs", About: "NestJS 12.6 on Express 5, global ValidationPipe (class-validator 0.15)",
		Dir: "examples/targets/nestjs", Command: []string{"sh", "run.sh"}, Ready: "/health",
		Hint: "npm ci --prefix examples/targets/nestjs",
		Cases: itemCases(map[string]int{"validation": 400, "unknown-route": 404, "unauthenticated": 401, "server-error": 500},
			httpCase{Name: "server-error", Method: "POST", Path: "/items", Headers: []string{admin, asJSON}, Body: `{"name":"x","price":1,"tags":"food"}`}),
	},
	{
		Name: "loopback", About: "LoopBack 4 (@loopback/rest 15.0)",
		Dir: "examples/targets/loopback", Command: []string{"sh", "run.sh"}, Ready: "/health",
		Hint: "npm ci --prefix examples/targets/loopback",
		Cases: itemCases(map[string]int{"validation": 422, "unknown-route": 404, "unauthenticated": 401, "unsupported-media-type": 415},
			httpCase{Name: "unsupported-media-type", Method: "POST", Path: "/items", Headers: []string{admin, "Content-Type: text/plain"}, Body: "hello"}),
	},
	{
		Name: "fastify", About: "Fastify 5.12 (default error handler, Ajv validation)",
		Dir: "examples/targets/fastify", Command: []string{"sh", "run.sh"}, Ready: "/health",
		Hint: "npm ci --prefix examples/targets/fastify",
		Cases: itemCases(map[string]int{"validation": 400, "unknown-route": 404, "unauthenticated": 401, "server-error": 500},
			httpCase{Name: "server-error", Method: "DELETE", Path: "/items/999", Headers: []string{admin}}),
	},
	{
		Name: "django-rest-framework", About: "Django REST framework 3.14 on Django 3.2 (Debian 12), DEBUG off",
		Dir: "examples/targets/drf", Command: []string{"sh", "run.sh"}, Ready: "/health",
		Hint: "apt-get install python3-djangorestframework python3-uritemplate python3-yaml",
		Cases: itemCases(map[string]int{"validation": 400, "unknown-route": 404, "wrong-method": 405, "unauthenticated": 403, "unsupported-media-type": 415, "server-error": 500},
			httpCase{Name: "unsupported-media-type", Method: "POST", Path: "/items", Headers: []string{admin, "Content-Type: text/plain"}, Body: "hello"},
			httpCase{Name: "server-error", Method: "DELETE", Path: "/items/999", Headers: []string{admin}}),
	},
	{
		Name: "gin", About: "Gin 1.12 (gin.Default, ShouldBindJSON; the app's own {\"error\"} bodies)",
		Dir: "examples/targets/gin", Command: []string{"sh", "run.sh"}, Ready: "/health",
		Hint:  "Go; Gin comes from examples/targets/gin/go.mod",
		Cases: itemCases(map[string]int{"validation": 400, "unknown-route": 404, "unauthenticated": 401}),
	},
	{
		Name: "grpc-gateway", About: "grpc-gateway v2.34 runtime.ServeMux and its default error handler (no gRPC backend: the handlers return the statuses one would)",
		Dir: "examples/targets/grpc-gateway", Command: []string{"sh", "run.sh"}, Ready: "/health",
		Hint: "Go; grpc-gateway comes from examples/targets/grpc-gateway/go.mod",
		Cases: expect([]httpCase{
			{Name: "malformed-json", Method: "POST", Path: "/v1/items", Headers: []string{admin, asJSON}, Body: `{"name":`},
			{Name: "validation", Method: "POST", Path: "/v1/items", Headers: []string{admin, asJSON}, Body: `{"name":"ham"}`},
			{Name: "unknown-route", Method: "GET", Path: "/errprobe-unknown"},
			{Name: "wrong-method", Method: "PATCH", Path: "/v1/items"},
			{Name: "unauthenticated", Method: "POST", Path: "/v1/items", Headers: []string{asJSON}, Body: `{"name":"ham","price":1}`},
			{Name: "forbidden", Method: "POST", Path: "/v1/items", Headers: []string{reader, asJSON}, Body: `{"name":"ham","price":1}`},
			{Name: "unknown-resource", Method: "GET", Path: "/v1/items/999"},
			{Name: "bad-path-param", Method: "GET", Path: "/v1/items/abc"},
			{Name: "server-error", Method: "POST", Path: "/v1/items", Headers: []string{admin, asJSON}, Body: `{"name":"ham","price":1}`},
		}, map[string]int{"validation": 400, "unknown-route": 404, "unauthenticated": 401, "forbidden": 403, "unknown-resource": 404, "server-error": 500}),
	},
	{
		Name: "rails", About: "Rails 6.1 API mode in production (Debian 12): a scaffold-style controller; PublicExceptions for what Rails answers itself",
		Dir: "examples/targets/rails", Command: []string{"sh", "run.sh"}, Ready: "/health",
		Hint: "apt-get install ruby-railties ruby-actionpack ruby-activemodel ruby-webrick",
		Cases: itemCases(map[string]int{"validation": 422, "unknown-route": 404, "unauthenticated": 401, "unknown-resource": 404, "server-error": 500},
			httpCase{Name: "server-error", Method: "GET", Path: "/items/abc"}),
	},
	{
		Name: "fastapi", About: "FastAPI 0.92 / Starlette 0.26 / pydantic 1.10 (Debian 12)",
		Dir: "examples/targets/fastapi", Command: []string{"/usr/bin/python3", "app.py"}, Ready: "/health",
		Hint:  "apt-get install python3-fastapi python3-uvicorn",
		Cases: itemCases(map[string]int{"validation": 422, "unknown-route": 404, "wrong-method": 405, "unauthenticated": 403, "invalid-token": 401}),
	},
	{
		Name: "huma", About: "huma v2.37 on net/http ServeMux",
		Dir: ".", Command: []string{"go", "run", "./examples/targets/huma"}, Ready: "/health",
		Hint: "Go; huma comes from the module's go.mod",
		Cases: expect([]httpCase{
			{Name: "malformed-json", Method: "POST", Path: "/notes", Headers: []string{admin, asJSON}, Body: `{"title":`},
			{Name: "validation", Method: "POST", Path: "/notes", Headers: []string{admin, asJSON}, Body: `{"title":"","priority":9}`},
			{Name: "unknown-route", Method: "GET", Path: "/errprobe-unknown"},
			{Name: "wrong-method", Method: "PATCH", Path: "/notes"},
			{Name: "unauthenticated", Method: "GET", Path: "/notes"},
			{Name: "invalid-token", Method: "GET", Path: "/notes", Headers: []string{"Authorization: Bearer errprobe-unknown"}},
			{Name: "forbidden", Method: "DELETE", Path: "/notes/1", Headers: []string{reader}},
			{Name: "unknown-resource", Method: "GET", Path: "/notes/999", Headers: []string{admin}},
			{Name: "unsupported-media-type", Method: "POST", Path: "/notes", Headers: []string{admin, "Content-Type: text/plain"}, Body: "hello"},
		}, map[string]int{"validation": 422, "unknown-route": 404, "wrong-method": 405, "unauthenticated": 401, "forbidden": 403}),
	},
	{
		Name: "express", About: "Express 4.22 + express-openapi-validator 5.6 (the app's error handler)",
		Dir: "examples/targets/express", Command: []string{"node", "server.js", "--spec", "../../../testdata/specs/swagger-petstore3/openapi.yaml"}, Ready: "/health",
		Hint: "npm ci --prefix examples/targets/express",
		Cases: expect([]httpCase{
			{Name: "malformed-json", Method: "POST", Path: "/api/v3/pet", Headers: []string{admin, asJSON}, Body: `{"name":`},
			{Name: "validation", Method: "POST", Path: "/api/v3/pet", Headers: []string{admin, asJSON}, Body: `{"name":"rex"}`},
			{Name: "unknown-route", Method: "GET", Path: "/api/v3/errprobe-unknown"},
			{Name: "wrong-method", Method: "PATCH", Path: "/api/v3/pet"},
			{Name: "unauthenticated", Method: "POST", Path: "/api/v3/pet", Headers: []string{asJSON}, Body: `{"name":"rex","photoUrls":[]}`},
			{Name: "forbidden", Method: "POST", Path: "/api/v3/pet", Headers: []string{reader, asJSON}, Body: `{"name":"rex","photoUrls":[]}`},
			{Name: "unknown-resource", Method: "GET", Path: "/api/v3/pet/999999", Headers: []string{"api_key: special-key"}},
			{Name: "unsupported-media-type", Method: "POST", Path: "/api/v3/pet", Headers: []string{admin, "Content-Type: image/png"}, Body: "hello"},
		}, map[string]int{"validation": 400, "unknown-route": 404, "wrong-method": 405, "unauthenticated": 401, "forbidden": 403}),
	},
	{
		Name: "flask-apispec", About: "Flask 2.2 with webargs 8.0 (use_args, its documented error handler) and marshmallow 3.18 (Debian 12)",
		Dir: "examples/targets/flask-apispec", Command: []string{"sh", "run.sh"}, Ready: "/health",
		Hint: "apt-get install python3-flask python3-webargs python3-apispec python3-marshmallow",
		Cases: expect([]httpCase{
			{Name: "malformed-json", Method: "POST", Path: "/books", Headers: []string{asJSON}, Body: `{"title":`},
			{Name: "validation", Method: "POST", Path: "/books", Headers: []string{asJSON}, Body: `{"title":"Dune"}`},
			{Name: "bad-enum", Method: "POST", Path: "/books", Headers: []string{asJSON}, Body: `{"title":"Dune","year":1965,"genre":"errprobe"}`},
			{Name: "bad-query-param", Method: "GET", Path: "/books?limit=abc"},
			{Name: "unknown-route", Method: "GET", Path: "/errprobe-unknown"},
			{Name: "wrong-method", Method: "PATCH", Path: "/books"},
			{Name: "unknown-resource", Method: "GET", Path: "/books/999"},
		}, map[string]int{"malformed-json": 400, "validation": 422, "bad-enum": 422, "bad-query-param": 422, "unknown-route": 404, "wrong-method": 405, "unknown-resource": 404}),
	},
	flaskApp("flask-careful", "careful.py", "Flask 2.2 (Debian 12) with the app's own JSON error handlers"),
	flaskApp("flask-careless", "careless.py", "Flask 2.2 / Werkzeug 2.2 (Debian 12) without error handlers: Werkzeug's defaults"),
}

// flaskApp is one of the two Flask targets, both the same users API.
func flaskApp(name, script, about string) framework {
	body := `{"name":"Ann","email":"ann@example.com","age":30}`
	return framework{
		Name: name, About: about,
		Dir: "examples/targets/flask", Command: []string{"/usr/bin/python3", script}, Ready: "/health",
		Hint: "apt-get install python3-flask",
		Cases: expect([]httpCase{
			{Name: "malformed-json", Method: "POST", Path: "/users", Headers: []string{admin, asJSON}, Body: `{"name":`},
			{Name: "validation", Method: "POST", Path: "/users", Headers: []string{admin, asJSON}, Body: `{"name":"Ann"}`},
			{Name: "unknown-route", Method: "GET", Path: "/errprobe-unknown"},
			{Name: "wrong-method", Method: "PATCH", Path: "/users"},
			{Name: "unauthenticated", Method: "POST", Path: "/users", Headers: []string{asJSON}, Body: body},
			{Name: "forbidden", Method: "POST", Path: "/users", Headers: []string{reader, asJSON}, Body: body},
			{Name: "unknown-resource", Method: "GET", Path: "/users/999", Headers: []string{admin}},
			{Name: "bad-query-param", Method: "GET", Path: "/users?limit=abc", Headers: []string{admin}},
		}, map[string]int{"unknown-route": 404, "wrong-method": 405}),
	}
}
