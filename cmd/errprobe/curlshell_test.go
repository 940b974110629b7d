package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/internal/redact"
	"github.com/errprobe/errprobe/report"
)

// sentRequest is a request as a server received it, bytes included.
type sentRequest struct {
	Method, URI string
	Header      http.Header
	Body        []byte
}

// byteRecorder answers 400 to everything and keeps every request by its
// X-Request-Id.
type byteRecorder struct {
	mu   sync.Mutex
	seen map[string][]sentRequest
}

func (b *byteRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	b.mu.Lock()
	id := r.Header.Get("X-Request-Id")
	b.seen[id] = append(b.seen[id], sentRequest{r.Method, r.RequestURI, r.Header.Clone(), body})
	b.mu.Unlock()
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(http.StatusBadRequest)
	w.Write([]byte(`{"title":"Bad Request","status":400}`))
}

func (b *byteRecorder) get(id string) []sentRequest {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]sentRequest(nil), b.seen[id]...)
}

func needCurl(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl is not installed")
	}
	return path
}

// Case 15: the curl line of every probe, run with sh -c and the real curl,
// executes nothing and sends what the probe sent: method, path and query,
// headers and body bytes. The description's examples hold $(...),
// backticks, both quotes, $VAR and, in the body, an escaped newline.
func TestCurlReproductionIsShellSafe(t *testing.T) {
	needCurl(t)
	rec := &byteRecorder{seen: map[string][]sentRequest{}}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	path := filepath.Join(dir, "r.json")
	token := "Authorization: Bearer shell-test-token"
	r := runArgs("run", "--spec", "testdata/shellsafe.yaml", "--target", srv.URL, "--auth", token,
		"--report", "json="+path, "--fail-on", "never")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Results []struct{ ID, RequestID, Curl, Error string }
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir() // the shell's working directory: touch would write here
	hostile, lossyBodies := 0, 0
	for _, res := range rep.Results {
		orig := rec.get(res.RequestID)
		if len(orig) != 1 {
			continue // an error before sending, or a retry
		}
		if strings.Contains(string(orig[0].Body), "$(touch") && orig[0].Header.Get("X-Note") != "" {
			hostile++
		}
		if strings.Contains(res.Curl, "[REDACTED]") {
			continue // a credential sent in the URL is masked: not reproducible verbatim
		}
		// Give the reproduction its own request ID so the server can
		// tell it apart: the curl line carries the probe's.
		line := strings.Replace(res.Curl, res.RequestID, res.RequestID+"-curl", 1)
		cmd := exec.Command("sh", "-c", line+" -o /dev/null")
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "ERRPROBE_AUTH="+token)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s\n%s", res.ID, err, line, out)
		}
		again := rec.get(res.RequestID + "-curl")
		if len(again) != 1 {
			t.Fatalf("%s: the server got %d requests from the curl line", res.ID, len(again))
		}
		again[0].Header.Set("X-Request-Id", res.RequestID)
		if u, _ := url.Parse(orig[0].URI); strings.Contains(u.RawQuery, "shell-test-token") {
			// Known gap: a credential the engine puts in the query
			// (identity query keys, auth-credential-in-query) has no
			// environment variable, so the curl line leaves it out.
			q := u.Query()
			for k, vs := range q {
				if strings.Contains(strings.Join(vs, ""), "shell-test-token") {
					q.Del(k)
				}
			}
			u.RawQuery = q.Encode()
			orig[0].URI = u.String()
		}
		if want := lossy(orig[0].Body); !bytes.Equal(want, orig[0].Body) {
			// Documented limit: the JSON report holds text, so NULs and
			// bytes that are not UTF-8 cannot reach the curl line.
			orig[0].Body = want
			orig[0].Header.Del("Content-Length")
			again[0].Header.Del("Content-Length")
			lossyBodies++
		}
		if diff := compareSent(orig[0], again[0]); diff != "" {
			t.Errorf("%s: the curl line sends something else: %s\n%s", res.ID, diff, line)
		}
	}
	if hostile == 0 || lossyBodies > 1 {
		t.Fatalf("%d probes carried the hostile examples, %d bodies were not UTF-8 text (want 1: invalid-utf8)", hostile, lossyBodies)
	}
	if entries, _ := os.ReadDir(work); len(entries) > 0 {
		t.Errorf("the shell executed something: %v", entries)
	}
	if entries, _ := filepath.Glob("pwned-*"); len(entries) > 0 {
		t.Errorf("the shell executed something: %v", entries)
	}
}

// curlDefaults are headers curl adds on its own when the probe did not
// set them; Content-Length 0 of a bodiless POST/PUT is Go's.
var curlDefaults = map[string]string{"User-Agent": "curl/", "Accept": "*/*", "Content-Length": "0"}

func compareSent(a, b sentRequest) string {
	var diffs []string
	if a.Method != b.Method || a.URI != b.URI {
		diffs = append(diffs, a.Method+" "+a.URI+" became "+b.Method+" "+b.URI)
	}
	if !bytes.Equal(a.Body, b.Body) {
		diffs = append(diffs, "body "+quote(a.Body)+" became "+quote(b.Body))
	}
	keys := map[string]bool{}
	for k := range a.Header {
		keys[k] = true
	}
	for k := range b.Header {
		keys[k] = true
	}
	var names []string
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		av, bv := strings.Join(a.Header[k], "\n"), strings.Join(b.Header[k], "\n")
		if av == bv {
			continue
		}
		if def, ok := curlDefaults[k]; ok && (av == "" || bv == "") && strings.HasPrefix(av+bv, def) {
			continue
		}
		diffs = append(diffs, "header "+k+": "+quote([]byte(av))+" became "+quote([]byte(bv)))
	}
	return strings.Join(diffs, "; ")
}

// lossy is what a text report can carry of a body: NULs dropped (the curl
// builder drops them) and each byte that is not UTF-8 replaced by U+FFFD
// (the JSON encoder does).
func lossy(body []byte) []byte {
	var out []byte
	for len(body) > 0 {
		r, n := utf8.DecodeRune(body)
		switch {
		case r == 0:
		case r == utf8.RuneError && n == 1:
			out = utf8.AppendRune(out, utf8.RuneError)
		default:
			out = append(out, body[:n]...)
		}
		body = body[n:]
	}
	return out
}

func quote(b []byte) string {
	s, _ := json.Marshal(string(b))
	return string(s)
}

// Case 15 for bytes no description example produces: a raw newline and a
// NUL in the body, $(...) in a header. The NUL is dropped (a shell argument
// cannot hold one), everything else arrives as the probe had it.
func TestCurlRawBytes(t *testing.T) {
	needCurl(t)
	rec := &byteRecorder{seen: map[string][]sentRequest{}}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	base, _ := url.Parse(srv.URL)
	b := &report.Builder{Base: base, RequestIDHeader: "X-Request-Id", Redactor: redact.New()}
	body := []byte("line1\nline2\x00'$(touch pwned-n1)`touch pwned-n2`\r\n\"\\\t$HOME")
	p := checks.Probe{ID: "raw", CheckID: "raw", Op: &openapi.Operation{Method: "PATCH", Path: "/x"},
		Request: checks.Request{Method: "PATCH", Path: "/x?q=%24%28id%29", Body: body,
			Header: http.Header{"X-A": {"$(touch pwned-n3)`touch pwned-n4`'\""}, "Content-Type": {"text/plain"}}}}
	line := b.Result(checks.Result{Probe: p, RequestID: "raw-1"}).CurlLine()
	work := t.TempDir()
	cmd := exec.Command("sh", "-c", line+" -o /dev/null")
	cmd.Dir = work
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s\n%s", err, line, out)
	}
	got := rec.get("raw-1")
	if len(got) != 1 {
		t.Fatalf("the server got %d requests", len(got))
	}
	want := bytes.ReplaceAll(body, []byte{0}, nil)
	if g := got[0]; g.Method != "PATCH" || g.URI != "/x?q=%24%28id%29" || !bytes.Equal(g.Body, want) ||
		g.Header.Get("X-A") != p.Request.Header.Get("X-A") || g.Header.Get("Content-Type") != "text/plain" {
		t.Errorf("server got %s %s %q %q, want the probe minus its NUL\n%s", g.Method, g.URI, g.Header, g.Body, line)
	}
	if entries, _ := os.ReadDir(work); len(entries) > 0 {
		t.Errorf("the shell executed something: %v", entries)
	}
}
