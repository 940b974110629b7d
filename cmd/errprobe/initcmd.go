package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"github.com/urfave/cli/v2"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/config"
	"github.com/errprobe/errprobe/internal/openapi"
)

func initCommand() *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "write a commented starter errprobe.yaml, from a description or from nothing",
		UsageText: "errprobe init [--spec openapi.yaml] [--preset flask] [--output errprobe.yaml] [--force]",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: flagSpec, Aliases: []string{"s"}, Usage: "description to start from (without one, a routes: example is written)"},
			&cli.StringFlag{Name: flagPreset, Usage: "framework preset: " + strings.Join(config.PresetNames(), ", ")},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: config.DefaultFile, Usage: "file to write, or - for stdout"},
			&cli.BoolFlag{Name: "force", Usage: "overwrite an existing file"},
		},
		Action: func(c *cli.Context) error {
			data := starter{Preset: c.String(flagPreset), Target: "http://localhost:8080"}
			if data.Preset != "" {
				if _, err := checks.LookupPreset(data.Preset); err != nil {
					return usagef("--preset: %v", err)
				}
			}
			if src := c.String(flagSpec); src != "" {
				spec, err := openapi.Load(c.Context, src, openapi.Options{})
				if err != nil {
					return err
				}
				data.Spec, data.Title, data.Operations = src, spec.Title, len(spec.Operations)
				data.Schemes = schemes(spec)
				data.Values = valueStubs(spec)
				if len(spec.Operations) > 0 {
					data.Example = spec.Operations[0].Key()
				}
			}
			var buf bytes.Buffer
			if err := starterTemplate.Execute(&buf, data); err != nil {
				return err
			}
			if _, err := config.Parse("starter", buf.Bytes()); err != nil {
				return fmt.Errorf("internal error: the starter configuration does not load: %w", err)
			}
			out := c.String("output")
			if out == "-" {
				_, err := c.App.Writer.Write(buf.Bytes())
				return err
			}
			if _, err := os.Stat(out); err == nil && !c.Bool("force") {
				return usagef("%s exists; use --force to overwrite it", out)
			} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("%w: %v", errReport, err)
			}
			if err := writeFile(out, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
				return fmt.Errorf("%w: %s: %v", errReport, out, err)
			}
			_, err := fmt.Fprintf(c.App.ErrWriter, "wrote %s; edit it, then run: errprobe run\n", out)
			return err
		},
	}
}

// starter is what the template needs.
type starter struct {
	Spec, Title, Target, Preset, Example string
	Operations                           int
	Schemes                              []scheme
	Values                               []string
}

type scheme struct{ Name, Kind, Header, Value string }

// schemes turns the description's security schemes into identity lines.
func schemes(spec *openapi.Spec) []scheme {
	names := make([]string, 0, len(spec.SecuritySchemes))
	for n := range spec.SecuritySchemes {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []scheme
	for _, n := range names {
		s := spec.SecuritySchemes[n]
		sc := scheme{Name: n, Kind: s.Type, Header: "Authorization", Value: "Bearer ${API_TOKEN}"}
		switch {
		case s.Type == "apiKey" && s.In == "header":
			sc.Header, sc.Value = s.Param, "${API_KEY}"
		case s.Type == "apiKey":
			continue // query and cookie keys are shown in the comments
		case s.Type == "http" && s.Scheme == "basic":
			sc.Value = "Basic ${API_BASIC}"
		}
		out = append(out, sc)
	}
	return out
}

// maxStubs bounds the values: stubs a starter lists.
const maxStubs = 40

// valueStubs lists values: lines for the description's required inputs:
// path parameters by name for every operation (the identifiers a run
// needs), other parameters and body fields whose sample the description
// does not give, the body fields per operation.
func valueStubs(spec *openapi.Spec) []string {
	type stub struct {
		sample string
		ops    []string
	}
	global := map[string]*stub{}
	var order []string
	var perOp []string
	for _, op := range spec.Operations {
		var fields []string
		for _, in := range checks.RequiredInputs(op) {
			switch {
			case in.In == checks.InBody && !in.Described:
				fields = append(fields, fmt.Sprintf("  %s: %s", yamlKey("body:"+in.Name), in.Sample))
			case in.In == "path" || !in.Described && in.In != checks.InBody:
				key := in.Name
				if in.In != "path" {
					key = in.In + ":" + in.Name
				}
				st := global[key]
				if st == nil {
					st = &stub{sample: yamlString(in.Sample)}
					global[key] = st
					order = append(order, key)
				}
				st.ops = append(st.ops, op.Key())
			}
		}
		if len(fields) > 0 {
			perOp = append(perOp, yamlKey(op.Key())+":")
			perOp = append(perOp, fields...)
		}
	}
	sort.Strings(order)
	var out []string
	for _, k := range order {
		st := global[k]
		where := st.ops[0]
		if len(st.ops) > 1 {
			where = fmt.Sprintf("%s and %d more", st.ops[0], len(st.ops)-1)
		}
		out = append(out, fmt.Sprintf("%s: %s   # %s", yamlKey(k), st.sample, where))
	}
	out = append(out, perOp...)
	if len(out) > maxStubs {
		n := len(out) - maxStubs
		out = append(out[:maxStubs], fmt.Sprintf("# ... and %d more lines", n))
	}
	return out
}

// yamlKey quotes a values: key when YAML needs it.
func yamlKey(k string) string {
	if strings.ContainsAny(k, " {}[]#&*!|>'\"%@`,?") || strings.HasSuffix(k, ":") {
		return strconv.Quote(k)
	}
	return k
}

// yamlString writes a parameter's value as a YAML string.
func yamlString(v string) string { return strconv.Quote(v) }

var starterTemplate = template.Must(template.New("starter").Parse(`# errprobe configuration: every key can also be set by a flag (flags win).
# Reference: errprobe run --help and the README.
{{if .Spec}}
# {{.Title}}: {{.Operations}} operations.
spec: {{.Spec}}
{{else}}
# No OpenAPI description? Describe the routes instead (see routes: below),
# or point spec: at a file or URL.
# spec: openapi.yaml
{{end}}
# The running API. Operation paths are appended to its path.
target: {{.Target}}

# Error schema: auto, problem (RFC 9457), simple ({error, message}), spec, or a JSON Schema file.
schema: auto

# Lowest violation severity that fails the run: error, warning, info, never.
failOn: error
{{if .Preset}}
preset: {{.Preset}}
{{else}}
# A framework preset sets the statuses its standard error handling uses:
# flask, fastapi, django-rest-framework, express, spring, aspnet, rails, go-chi.
# preset: flask
{{end}}
reports:
  - terminal
  # - junit=errprobe.xml
  # - json=errprobe.json

# Credentials. Values may use ${ENV_VAR}; keep secrets in the environment.
identities:
  user:
    headers:
{{- if .Schemes}}{{range .Schemes}}
      {{.Header}}: "{{.Value}}"   # security scheme {{.Name}} ({{.Kind}}){{end}}{{else}}
      Authorization: "Bearer ${API_TOKEN}"{{end}}
    roles: [user]
  # reader:
  #   headers:
  #     Authorization: "Bearer ${READER_TOKEN}"
  #   roles: [reader]
  # Other forms: cookies: {session: "${SESSION}"}, query: {api_key: "${KEY}"},
  # basic: {username: me, password: "${PASSWORD}"}

# The identity every non-forbidden probe carries.
auth: user
# The identity expected to get 403 on operations it may not call.
# lowPrivilege: reader
# access:
#   - operation: "DELETE /users/{id}"
#     roles: [admin]

# Expectations that differ from the defaults and the description.
# expect:
#   - family: malformed
#     status: [422]
{{- if .Example}}
#   - operation: "{{.Example}}"
#     family: forbidden
#     check: auth-low-privilege
#     status: [404]     # this route hides forbidden resources
{{- end}}

{{- if .Values}}

# Values for required inputs, sent instead of errprobe's samples (shown).
# Give values your API accepts (an identifier that exists, a name it
# takes); ${ENV} works; null for a body: field leaves it out.
# values:
{{- range .Values}}
#   {{.}}
{{- end}}
{{- end}}

# Which operations to probe.
# include: {paths: ["/api/*"], methods: [GET, POST], tags: [public], operationIds: []}
# exclude: {paths: ["/admin/*"]}
# skip: [unknown-trailing-slash]
# readOnly: true                # only GET/HEAD/OPTIONS probes, for production
# maxProbesPerOperation: 40
{{if not .Spec}}
routes:
  - method: POST
    path: /users
    body:
      type: object
      required: [name]
      properties:
        name: {type: string, minLength: 1}
    security: bearer
    errors: [400, 401, 422]
  - method: GET
    path: /users/{id}
    query:
      - {name: fields, required: false, schema: {type: string}}
    security: bearer
{{end}}`))
