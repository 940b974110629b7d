package checks

// remedies says in one line what to do about each rule, whatever the
// framework. Every rule in Rules has one (see the test).
var remedies = map[string]string{
	RuleNegativeAccepted:   "Validate the request against the description (types, constraints, required members, credentials) before acting on it, and answer a 4xx when it fails.",
	RuleServerError:        "Catch the client's mistake where it is detected (parsing, validation, lookups) and answer the matching 4xx; keep 5xx for faults of the server.",
	RuleNoResponse:         "Answer every malformed or unauthorised request promptly with a 4xx: bound body reads, parsing and upstream calls with timeouts, and never drop the connection.",
	RuleStatusExpected:     "Answer this mistake with the status the description documents (or the RFC 9110 default), or document the status the API chose (--expect / a preset when it is deliberate).",
	RuleAllowHeader:        "Send Allow with the path's methods on every 405 (RFC 9110 §15.5.6); most routers do it when the method is routed as not allowed rather than not found.",
	RuleWWWAuthenticate:    "Send WWW-Authenticate with a challenge (e.g. Bearer realm=\"api\") on every 401 (RFC 9110 §15.5.2).",
	RuleContentType:        "Install one error handler for every error (router 404/405 included) that writes JSON or application/problem+json, not the framework's HTML or text page.",
	RuleBodyJSON:           "Serialise error bodies with the JSON encoder rather than string templates, and set Content-Type only on bodies that are JSON.",
	RuleSchema:             "Build every error body in one place from the documented error schema, or document the shape the API really sends.",
	RuleStatusMember:       "Take the body's status member from the status the response is sent with, in the one function that writes errors.",
	RuleLeak:               "Turn off debug mode in production and answer unexpected exceptions with a generic 500 body; log the trace server-side under a request ID.",
	RuleProblemTypeURI:     "Use absolute URIs or valid relative references (no spaces, ASCII, valid %-escapes) for problem type and instance.",
	RuleProblemTitle:       "With type about:blank (or none), set title to the status's reason phrase (\"Not Found\" for 404), or give the problem its own type URI.",
	RuleProblemMemberTypes: "Send type, title, detail and instance as strings and status as an integer.",
	RuleProblemContentType: "Serve problem details objects with Content-Type: application/problem+json.",
	RuleTitleConsistency:   "Give each problem type one fixed title; put occurrence details in detail.",
	RuleShapeConsistency:   "Route errors of every layer (router, authentication, endpoints) through one error writer, so clients parse one shape.",
	RuleNosniff:            "Add X-Content-Type-Options: nosniff to every response, in one middleware or at the reverse proxy.",
	RuleCacheControlAuth:   "Send Cache-Control: no-store on 401 and 403 answers (or on every API response).",
	RuleCORSWildcard:       "Reflect only allow-listed origins when credentials are allowed, or drop Access-Control-Allow-Credentials for the wildcard.",
	RuleVersionDisclosure:  "Drop X-Powered-By and the version from Server (server_tokens off in nginx, ServerTokens Prod in Apache, the framework's own switch).",
	RuleRetryAfter:         "Send Retry-After (seconds or an HTTP date) with every 429 and 503.",
	RuleUndocumentedStatus: "Document the status under the operation's responses (or a 4XX/default response), or answer one the description lists.",
	RuleCredentialEcho:     "Never copy request headers, tokens or query strings into error bodies or headers; name the problem without quoting the credential.",
	RuleAuthConsistency:    "Answer every missing, malformed, unknown or expired credential with the same 401 and body; put detail in WWW-Authenticate error codes (RFC 6750 §3.1).",
	// Rules of the transport layer, by ID.
	"target-crashed":     "Find the crash in the server's log under the probe's request ID: bound what a request can make the server allocate or parse, and let one request fail with a 4xx instead of the process.",
	"malformed-response": "Answer with a well-formed HTTP/1.1 or HTTP/2 message: a status line, valid chunking, headers of sane size, no redirect loop; check proxies and middleware that write their own answers.",
}

// presetRemedies are a framework's concrete fixes where they differ from
// the general remedy: preset name → rule ID → fix.
var presetRemedies = map[string]map[string]string{
	"flask": {
		RuleServerError:       "Register @app.errorhandler(HTTPException) returning JSON with e.code before any @app.errorhandler(Exception) catch-all, which otherwise turns every 404 and 405 into a 500; abort(400) on bad input; answer a database outage with 503 and Retry-After.",
		RuleStatusExpected:    "abort() with the right code: 401 with WWW-Authenticate when credentials are missing or invalid, 403 only for a known identity, 400/422 for bad input; let Werkzeug's 404/405 through the HTTPException handler.",
		RuleContentType:       "@app.errorhandler(HTTPException) def h(e): return jsonify(title=e.name, status=e.code, detail=e.description), e.code — registered before any catch-all Exception handler.",
		RuleWWWAuthenticate:   "abort(401, www_authenticate=WWWAuthenticate(\"bearer\")) (Werkzeug ≥ 2.3), or set response.headers[\"WWW-Authenticate\"] = 'Bearer realm=\"api\"' in the 401 handler.",
		RuleLeak:              "Never run with debug=True or FLASK_DEBUG=1 in production and never put traceback.format_exc() in a response; log it and answer a generic JSON 500.",
		RuleAllowHeader:       "Keep e.get_headers() (which carries Allow) when converting a MethodNotAllowed to JSON: return body, e.code, e.get_headers() minus Content-Type.",
		RuleRetryAfter:        "Catch the database error (e.g. sqlalchemy.exc.OperationalError) in a handler that answers 503 with Retry-After.",
		RuleAuthConsistency:   "Check credentials in one before_request hook that answers every failure with the same 401 body and WWW-Authenticate.",
		RuleVersionDisclosure: "Run behind gunicorn/nginx in production, not the Werkzeug development server, which sends Server: Werkzeug/x Python/y.",
		RuleCacheControlAuth:  "In an @app.after_request hook: if response.status_code in (401, 403): response.headers[\"Cache-Control\"] = \"no-store\".",
		RuleNosniff:           "In an @app.after_request hook: response.headers[\"X-Content-Type-Options\"] = \"nosniff\" (or use flask-talisman).",
	},
	"fastapi": {
		RuleServerError:     "Raise HTTPException(status_code=4xx) for client mistakes; add @app.exception_handler(StarletteHTTPException) before any Exception handler so 404/405 keep their codes.",
		RuleContentType:     "Register @app.exception_handler(StarletteHTTPException) and RequestValidationError handlers that return JSONResponse (or problem+json).",
		RuleWWWAuthenticate: "Raise HTTPException(401, headers={\"WWW-Authenticate\": \"Bearer\"}), as fastapi.security's OAuth2PasswordBearer does.",
		RuleStatusExpected:  "Use fastapi.security dependencies with auto_error so missing credentials are 401 with WWW-Authenticate; raise 403 only for a known identity.",
		RuleLeak:            "Run with debug=False and let unhandled exceptions reach Starlette's ServerErrorMiddleware, which answers a plain 500.",
	},
	"django-rest-framework": {
		RuleServerError:     "Raise rest_framework.exceptions (ValidationError, ParseError, NotFound) instead of letting exceptions escape; set EXCEPTION_HANDLER for errors outside views.",
		RuleContentType:     "Add handler404/handler500 that return JSON, and set DEFAULT_RENDERER_CLASSES so errors render as JSON.",
		RuleWWWAuthenticate: "Put an authentication class with authenticate_header() (TokenAuthentication, JWTAuthentication) first in DEFAULT_AUTHENTICATION_CLASSES; SessionAuthentication alone makes 403.",
		RuleStatusExpected:  "Order DEFAULT_AUTHENTICATION_CLASSES so the first class sends WWW-Authenticate: DRF then answers NotAuthenticated with 401, not 403.",
		RuleLeak:            "Set DEBUG = False in production settings; the technical 404/500 pages leak settings and traces.",
	},
	"express": {
		RuleServerError:       "Validate with express-openapi-validator (or zod/celebrate) and give the error middleware err.status || 500; call next(err) with a status, never throw raw.",
		RuleContentType:       "End the app with app.use((req, res) => res.status(404).json(...)) and an error middleware (err, req, res, next) that answers JSON.",
		RuleLeak:              "Set NODE_ENV=production so finalhandler hides stacks, and never send err.stack in the error middleware.",
		RuleVersionDisclosure: "app.disable('x-powered-by') or helmet().",
		RuleNosniff:           "Use helmet(), which sets X-Content-Type-Options: nosniff.",
	},
	"spring": {
		RuleServerError:     "Add a @RestControllerAdvice extending ResponseEntityExceptionHandler so framework exceptions keep their 4xx; map domain exceptions with @ExceptionHandler.",
		RuleContentType:     "Set spring.mvc.problemdetails.enabled=true (Spring 6) and server.error.whitelabel.enabled=false.",
		RuleWWWAuthenticate: "Configure an AuthenticationEntryPoint (httpBasic, oauth2ResourceServer) so Spring Security answers 401 with WWW-Authenticate, not 403.",
		RuleLeak:            "Set server.error.include-stacktrace=never and server.error.include-message=never.",
	},
	"aspnet": {
		RuleServerError:       "Use [ApiController] model validation and app.UseExceptionHandler() with AddProblemDetails() so unexpected exceptions are a plain 500 and client mistakes 4xx.",
		RuleContentType:       "Call builder.Services.AddProblemDetails() and app.UseStatusCodePages() so router 404/405 get problem+json.",
		RuleLeak:              "Use UseDeveloperExceptionPage only when env.IsDevelopment().",
		RuleVersionDisclosure: "Set KestrelServerOptions.AddServerHeader = false and remove X-Powered-By/X-AspNet-Version in web.config.",
	},
	"rails": {
		RuleServerError:    "rescue_from ActiveRecord::RecordNotFound (404), ActionController::ParameterMissing (400) and ActiveRecord::RecordInvalid (422) in ApplicationController.",
		RuleContentType:    "Set config.exceptions_app to a JSON-rendering controller (or config.debug_exception_response_format = :api).",
		RuleLeak:           "Keep config.consider_all_requests_local = false in production.",
		RuleAllowHeader:    "Rails routes unknown methods to 404: add a catch-all route per resource that answers 405 with Allow.",
		RuleStatusExpected: "Answer missing credentials with head :unauthorized plus WWW-Authenticate (request_http_token_authentication), 403 only for a known user.",
	},
	"nestjs": {
		RuleSchema:          "Keep the global ValidationPipe and throw HttpException subclasses (BadRequestException, NotFoundException); an @Catch() exception filter answers everything else as JSON.",
		RuleServerError:     "app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true })) so bad input is a 400 before the handler runs; validate nested arrays with @ValidateNested and @Type.",
		RuleWWWAuthenticate: "Throw new UnauthorizedException() from a guard and add WWW-Authenticate in an exception filter for 401s: response.header('WWW-Authenticate', 'Bearer').",
		RuleAllowHeader:     "Express's router answers a method the route lacks with 404; add a catch-all route per resource that throws a 405 HttpException with Allow.",
	},
	"fastify": {
		RuleServerError:      "Give every route a JSON schema (body, params, querystring) so bad input is a 400 before the handler; look up items before destructuring them.",
		RuleContentType:      "fastify.setNotFoundHandler and fastify.setErrorHandler answering JSON, so router and handler errors share one shape.",
		RuleAllowHeader:      "Fastify answers a method the route lacks with 404; register the other methods on the route to answer 405 with Allow.",
		RuleNegativeAccepted: "Turn off Ajv's type coercion (ajv: { customOptions: { coerceTypes: false } }) so a number is not accepted for a string.",
	},
	"loopback": {
		RuleNegativeAccepted: "Declare constraints with @property({required: true, jsonSchema: {...}}) and treat a JSON null body as a missing body.",
		RuleWWWAuthenticate:  "Set WWW-Authenticate in the authentication strategy's error path (or a custom RejectProvider) for 401s.",
		RuleContentType:      "Keep the RejectProvider's JSON for router errors; a custom sequence must still call reject(context, err).",
	},
	"grpc-gateway": {
		RuleStatusExpected: "Return status.Error(codes.InvalidArgument, ...) for bad input and codes.Unauthenticated / codes.PermissionDenied for auth, so the gateway maps them to 400, 401 and 403.",
		RuleAllowHeader:    "runtime.WithRoutingErrorHandler to answer a method the route lacks with 405 and Allow instead of 501.",
	},
	"laravel": {
		RuleStatusExpected: "Validate with $request->validate([...]) so bad input is a 422 {message, errors}; abort(401) / abort(403) for auth.",
		RuleContentType:    "Render exceptions as JSON for API routes (shouldRenderJsonWhen or Accept: application/json).",
		RuleLeak:           "APP_DEBUG=false in production: the debug page shows the stack trace and environment.",
	},
	"go-chi": {
		RuleContentType: "Set r.NotFound and r.MethodNotAllowed to handlers that write JSON; chi's defaults are text/plain.",
		RuleServerError: "Decode with json.Decoder and answer decode and validation errors with 400/422 before calling the store; keep middleware.Recoverer for real faults.",
		RuleLeak:        "Do not write err.Error() of database or panic errors to the client; log them with middleware.RequestID and answer a generic body.",
		RuleAllowHeader: "Keep chi's MethodNotAllowed handler (it sets Allow) when replacing it: copy the Allow header it would send.",
	},
}

// Remedy returns one line of what to do about a rule: the preset's own fix
// when preset names one, else the general remedy; "" for an unknown rule.
func Remedy(rule, preset string) string {
	if fix, ok := presetRemedies[preset][rule]; ok {
		return fix
	}
	return remedies[rule]
}

// PresetRemedy returns a preset's own fix for a rule, if it has one.
func PresetRemedy(rule, preset string) (string, bool) {
	fix, ok := presetRemedies[preset][rule]
	return fix, ok
}
