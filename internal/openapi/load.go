package openapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"
)

// ErrInvalid marks a description that cannot be read or understood.
var ErrInvalid = errors.New("invalid API description")

// MaxSize caps how much of a description is read.
const MaxSize = 128 << 20

// Options control loading.
type Options struct {
	// AllowExternalRefs lets $ref fetch URLs; local files in the
	// description's folder are read without it, files outside it never.
	AllowExternalRefs bool
	// HTTPClient fetches descriptions given by URL; nil means a client
	// with Timeout.
	HTTPClient *http.Client
	// Timeout bounds fetching a description (and each $ref) by URL, body
	// included; 0 means DefaultFetchTimeout.
	Timeout time.Duration
}

// DefaultFetchTimeout bounds fetching a description by URL.
const DefaultFetchTimeout = 10 * time.Second

// Load reads a description from a file path or an http(s) URL.
func Load(ctx context.Context, source string, opts Options) (*Spec, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultFetchTimeout
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: opts.Timeout}
	}
	name, data, err := read(ctx, source, opts)
	if err != nil {
		return nil, err
	}
	spec, err := Parse(ctx, name, data, opts)
	if err != nil {
		return nil, err
	}
	return spec, nil
}

func read(ctx context.Context, source string, opts Options) (string, []byte, error) {
	if u, err := url.Parse(source); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		name := u.Redacted()
		client := opts.HTTPClient // Load set it, and the deadline
		ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, source, nil)
		if err != nil {
			return name, nil, fmt.Errorf("%w: %s: %v", ErrInvalid, name, err)
		}
		resp, err := client.Do(req)
		if err != nil {
			if timedOut(ctx, err) {
				return name, nil, fmt.Errorf("%w: fetching %s: no answer within %s (--timeout)", ErrInvalid, name, opts.Timeout)
			}
			return name, nil, fmt.Errorf("%w: fetching %s: %v", ErrInvalid, name, redactURLError(err, source, name))
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return name, nil, fmt.Errorf("%w: fetching %s: HTTP %d", ErrInvalid, name, resp.StatusCode)
		}
		data, err := readCapped(resp.Body, 0)
		if err != nil {
			if timedOut(ctx, err) {
				return name, nil, fmt.Errorf("%w: reading %s: not complete within %s (--timeout)", ErrInvalid, name, opts.Timeout)
			}
			return name, nil, fmt.Errorf("%w: reading %s: %v", ErrInvalid, name, err)
		}
		return name, data, nil
	}
	f, err := os.Open(source)
	if err != nil {
		return source, nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	defer f.Close()
	var data []byte
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() <= MaxSize {
		// Sized once: io.ReadAll would copy a large file a dozen times.
		data, err = readCapped(f, int(st.Size()))
		if err != nil {
			return source, nil, fmt.Errorf("%w: reading %s: %v", ErrInvalid, source, err)
		}
		return source, data, nil
	}
	data, err = readCapped(f, 0)
	if err != nil {
		return source, nil, fmt.Errorf("%w: reading %s: %v", ErrInvalid, source, err)
	}
	return source, data, nil
}

// readCapped reads at most MaxSize bytes; size, when known, sizes the
// buffer (one byte more, to see the end without growing).
func readCapped(r io.Reader, size int) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	_, err := buf.ReadFrom(io.LimitReader(r, MaxSize+1))
	data := buf.Bytes()
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("larger than %d MiB", MaxSize>>20)
	}
	return data, nil
}

// timedOut reports whether a fetch failed for its deadline.
func timedOut(ctx context.Context, err error) bool {
	var ne net.Error
	return errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

func redactURLError(err error, raw, redacted string) string {
	return strings.ReplaceAll(err.Error(), raw, redacted)
}

var (
	swagger2Tail = regexp.MustCompile(`^["']?\s*:\s*["']?2\.`)
)

// Parse reads a description from memory; name is used in messages and to
// resolve relative references.
func Parse(ctx context.Context, name string, data []byte, opts Options) (*Spec, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%w: %s: the file is empty", ErrInvalid, name)
	}
	var doc *openapi3.T
	var repaired []string
	var err error
	if isSwagger2(data) {
		doc, repaired, err = parseV2(ctx, name, data, opts)
	} else {
		doc, repaired, err = parseV3(ctx, name, data, opts)
	}
	if err != nil {
		var le *locatedError
		if errors.As(err, &le) {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		return nil, fmt.Errorf("%w: %s: %v", ErrInvalid, name, err)
	}
	if doc.OpenAPI == "" {
		return nil, fmt.Errorf("%w: %s: neither an \"openapi\" nor a \"swagger\" version field: is this an OpenAPI description?", ErrInvalid, name)
	}
	// Validation only reads the document, as conversion does: on a large
	// description the two take turns on different cores.
	warnings := make(chan []string, 1)
	go func() { warnings <- validate(ctx, doc) }()
	spec := convert(doc)
	spec.Source = name
	spec.Warnings = append(append(repaired, <-warnings...), spec.Warnings...) // conversion's: links naming nothing
	return spec, nil
}

// isSwagger2 reports whether data has a top-level "swagger: 2.x" field.
// Running a regexp over a whole large description costs as much as parsing
// it, so each occurrence of "swagger" is checked on its own: the byte
// before it (after an optional quote) must start a line or be a delimiter,
// what follows must match swagger2Tail, and it must be a key of the root
// object, not of an example that embeds another description: in YAML it
// starts a line, in JSON it sits at depth 1.
func isSwagger2(data []byte) bool {
	word := []byte("swagger")
	json := startsObject(data)
	for off := 0; ; {
		i := bytes.Index(data[off:], word)
		if i < 0 {
			return false
		}
		i += off
		j := i
		if j > 0 && (data[j-1] == '"' || data[j-1] == '\'') {
			j--
		}
		if j == 0 || strings.IndexByte("{,\t\n\f\r ", data[j-1]) >= 0 {
			if swagger2Tail.Match(data[i+len(word):]) && (json && jsonDepth(data[:j]) == 1 || !json && rootKey(data, j)) {
				return true
			}
		}
		off = i + len(word)
	}
}

// rootKey reports whether the YAML key at data[at] is indented as the
// first key of the document is: a key of the root mapping.
func rootKey(data []byte, at int) bool {
	start := bytes.LastIndexByte(data[:at], '\n') + 1
	if strings.TrimLeft(string(data[start:at]), " ") != "" {
		return false
	}
	return at-start == firstIndent(data)
}

// firstIndent returns the indentation of the first line of data that is
// not blank, a comment or a directive.
func firstIndent(data []byte) int {
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		t := bytes.TrimLeft(line, " ")
		if len(bytes.TrimSpace(t)) == 0 || t[0] == '#' || t[0] == '%' || bytes.HasPrefix(t, []byte("---")) {
			continue
		}
		return len(line) - len(t)
	}
	return 0
}

// jsonDepth returns how many objects and arrays are open at the end of
// data, a prefix of a JSON document.
func jsonDepth(data []byte) int {
	depth := 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case '"':
			i = stringEnd(data, i)
		}
	}
	return depth
}

func parseV3(ctx context.Context, name string, data []byte, opts Options) (*openapi3.T, []string, error) {
	loc := &url.URL{Path: filepath.ToSlash(name)}
	if u, err := url.Parse(name); err == nil && u.Scheme != "" && len(u.Scheme) > 1 {
		loc = u
	}
	// Origins give Operation.Line, but recording them for every node costs
	// about half the load. A self-contained JSON description gets its lines
	// from a byte scan instead (JSON keeps one key per position, so the scan
	// finds what the parser would); YAML and multi-file ones keep origins.
	jsonScan := !opts.AllowExternalRefs && startsObject(data)
	var root *yaml.Node
	var rootErr error
	var lines map[string]map[string]int
	if jsonScan {
		// The tree is built while another core checks that data is JSON
		// and finds the operations' lines; it is thrown away if data is
		// not JSON.
		scanned := make(chan map[string]map[string]int, 1)
		go func() {
			if !json.Valid(data) {
				scanned <- nil
				return
			}
			scanned <- operationLines(data)
		}()
		root, rootErr = jsonNode(data)
		lines = <-scanned
		jsonScan = lines != nil
	}
	newLoader := func(origins bool) *openapi3.Loader {
		loader := openapi3.NewLoader()
		loader.Context = ctx
		loader.IncludeOrigin = origins
		// The reader decides which files and URLs may be read.
		loader.ReadFromURIFunc = refReader(refDir(name), opts.AllowExternalRefs, opts.HTTPClient)
		return loader
	}
	loader := newLoader(!jsonScan)
	var doc *openapi3.T
	var err error
	if jsonScan {
		doc, err = loadTree(loader, data, loc, root, rootErr)
	} else {
		doc, err = loader.LoadFromDataWithPath(data, loc)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, locate(name, data, err)
		}
		return reload(name, data, loc, newLoader(false), err)
	}
	if jsonScan {
		setOperationLines(doc, lines)
	}
	return doc, nil, nil
}

// reload mends a description the loader refused with loadErr and loads
// the mended tree; when mending changes nothing, loadErr stands.
func reload(name string, data []byte, loc *url.URL, loader *openapi3.Loader, loadErr error) (*openapi3.T, []string, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, nil, locate(name, data, loadErr)
	}
	warnings, changed := repair(name, &root, false, nil)
	if !changed {
		return nil, nil, locate(name, data, loadErr)
	}
	doc, err := decodeDoc(&root)
	if err == nil {
		err = resolveTree(loader, doc, loc)
	}
	if err != nil {
		return nil, nil, locate(name, data, err)
	}
	setOperationLines(doc, nodeOperationLines(&root))
	return doc, warnings, nil
}

// rootStandIn is the smallest description the loader accepts.
var rootStandIn = []byte(`{"openapi":"3.0.0","info":{"title":"","version":""},"paths":{}}`)

// loadTree loads a self-contained JSON description from root, the node tree
// jsonNode built from data (err is jsonNode's error), instead of
// kin-openapi's YAML parser, then resolves its references as the loader
// would. A document the tree cannot be decoded from (duplicate keys, say)
// goes through the loader, for its behaviour and its messages.
func loadTree(loader *openapi3.Loader, data []byte, loc *url.URL, root *yaml.Node, err error) (*openapi3.T, error) {
	var doc *openapi3.T
	if err == nil {
		doc, err = decodeDoc(root)
	}
	if err != nil {
		return loader.LoadFromDataWithPath(data, loc)
	}
	if err := resolveTree(loader, doc, loc); err != nil {
		return nil, err
	}
	return doc, nil
}

// resolveTree resolves the references of doc, decoded from a tree rather
// than by the loader, as the loader would.
func resolveTree(loader *openapi3.Loader, doc *openapi3.T, loc *url.URL) error {
	// The loader treats a location other than the root document's as
	// another document (it resolves discriminator mappings there) and
	// learns the root's location only in LoadFromDataWithPath: a minimal
	// document at the same location teaches it. Only a $ref from another
	// file back into this one would look that stand-in up again.
	if _, err := loader.LoadFromDataWithPath(rootStandIn, loc); err != nil {
		return err
	}
	return loader.ResolveRefsIn(doc, loc)
}

// startsObject reports whether data looks like a JSON object.
func startsObject(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

// parseV2 loads a Swagger 2.0 description through kin-openapi's
// conversion to OpenAPI 3, which reads JSON: the YAML tree is mended (see
// repair: YAML's numeric keys such as `200:` among others) before it is
// turned into JSON.
func parseV2(ctx context.Context, name string, data []byte, opts Options) (*openapi3.T, []string, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, nil, locate(name, data, err)
	}
	origins, err := bundle(ctx, name, &root, opts)
	if err != nil {
		return nil, nil, err
	}
	warnings, _ := repair(name, &root, true, origins)
	if err := v2Operations(name, &root); err != nil {
		return nil, nil, err
	}
	v2RefsUnderAdditional(&root, false)
	var raw any
	if err := root.Decode(&raw); err != nil {
		return nil, nil, locate(name, data, err)
	}
	js, err := json.Marshal(raw)
	if err != nil {
		return nil, nil, locate(name, data, err)
	}
	var v2 openapi2.T
	if err := json.Unmarshal(js, &v2); err != nil {
		return nil, nil, explainV2(name, &root, err, origins)
	}
	doc, err := openapi2conv.ToV3(&v2)
	if err != nil {
		return nil, nil, locateV2(name, data, &root, err, origins)
	}
	doc.OpenAPI = "2.0" // report the version the user wrote
	setOperationLines(doc, nodeOperationLines(&root))
	return doc, warnings, nil
}

var (
	yamlLine      = regexp.MustCompile(`yaml: line (\d+): (.*)`)
	constructLine = regexp.MustCompile(`construct errors: line (\d+): (.*)`)
	refName       = regexp.MustCompile(`"(#/[^"]+)"`)
	quoted        = regexp.MustCompile(`"([^"\s]{3,})"`)
)

// locatedError is a loader error placed at file:line.
type locatedError struct {
	name      string
	line, col int
	msg       string
}

func (e *locatedError) Error() string {
	if e.line > 0 && e.col > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.name, e.line, e.col, e.msg)
	}
	if e.line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.name, e.line, e.msg)
	}
	return e.name + ": " + e.msg
}

// locate turns the loader's messages into "file:line: what": YAML syntax
// errors carry their line; an unresolvable $ref is found where it is used.
func locate(name string, data []byte, err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n := 0
		fmt.Sscan(m[1], &n)
		return &locatedError{name: name, line: n, col: yamlColumn(data, n), msg: "YAML syntax error: " + m[2]}
	}
	if m := constructLine.FindStringSubmatch(msg); m != nil {
		n := 0
		fmt.Sscan(m[1], &n)
		msg := m[2]
		if text, ok := explainConstruct(msg); ok {
			msg = text
		}
		return &locatedError{name: name, line: n, msg: clip(msg)}
	}
	if strings.Contains(msg, "failed to resolve") {
		if m := refName.FindStringSubmatch(msg); m != nil {
			line := lineOf(data, m[1])
			return &locatedError{name: name, line: line, msg: fmt.Sprintf("$ref %q points at nothing", m[1])}
		}
	}
	if m := mustBeObject.FindStringSubmatch(msg); m != nil {
		if at, where := nullSite(data, mustKinds[m[1]]); at != nil {
			return &locatedError{name: name, line: at.Line, msg: fmt.Sprintf("%s is null; a %s must be an object", where, kindNames[mustKinds[m[1]]])}
		}
	}
	// Otherwise the first quoted name in the message (a $ref, a key) that
	// the document holds places it.
	line := 0
	for _, m := range quoted.FindAllStringSubmatch(msg, 4) {
		if line = lineOf(data, m[1]); line > 0 {
			break
		}
	}
	return &locatedError{name: name, line: line, msg: clip(msg)}
}

func clip(msg string) string {
	if len(msg) > 600 {
		return msg[:600] + "..."
	}
	return msg
}

// yamlColumn finds the column of a syntax error the loader placed on line:
// its parser gives only the line, so the document is parsed again (this
// happens only on failure) by one that records both.
func yamlColumn(data []byte, line int) int {
	var n yaml.Node
	var le *yaml.LoadError
	if err := yaml.Unmarshal(data, &n); errors.As(err, &le) && le.Mark.Line == line {
		return le.Mark.Column
	}
	return 0
}

// lineOf returns the 1-based line of the first occurrence of s, or 0.
func lineOf(data []byte, s string) int {
	i := bytes.Index(data, []byte(s))
	if i < 0 {
		return 0
	}
	return bytes.Count(data[:i], []byte("\n")) + 1
}
