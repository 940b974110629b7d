package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
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
	hostile := 0
	for _, res := range rep.Results {
		orig := rec.get(res.RequestID)
		if len(orig) != 1 {
			continue // an error before sending, or a retry
		}
		if strings.Contains(string(orig[0].Body), "$(touch") && orig[0].Header.Get("X-Note") != "" {
			hostile++
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
		if diff := compareSent(orig[0], again[0]); diff != "" {
			t.Errorf("%s: the curl line sends something else: %s\n%s", res.ID, diff, line)
		}
	}
	if hostile == 0 {
		t.Fatal("no probe carried the hostile example values")
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

func quote(b []byte) string {
	s, _ := json.Marshal(string(b))
	return string(s)
}
