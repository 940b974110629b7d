//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// browserView is what e2e/browser/view.mjs prints: the HTML report as
// Debian's headless Chromium shows it, after the page's script ran.
type browserView struct {
	Requests, Console, PageErrors, Dialogs []string
	Title, Verdict, Shown                  string
	Counts                                 map[string]int
	Families                               []string
	Rows                                   []struct {
		Operation string
		Cells     []struct{ ClassName, Label, Background string }
	}
	Elements, EventAttributes, Pres []string
	Filters                         map[string]struct {
		Visible int
		Pressed string
	}
	CellClick *struct {
		Operation, Family   string
		Visible, AfterClear int
	}
}

// browserTools finds Chromium, node and playwright-core. Like every e2e
// test it fails with a hint when one is missing, ERRPROBE_CI=1 or not.
func browserTools(t *testing.T) (chromium, node string) {
	t.Helper()
	missing := func(msg string) {
		t.Helper()
		t.Fatal(msg + " (.ci/run installs it)")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		missing("chromium not found: apt-get install chromium")
	}
	if node, err = exec.LookPath("node"); err != nil {
		missing("node not found: apt-get install nodejs npm")
	}
	if _, err := os.Stat(filepath.Join(moduleRoot, "e2e", "browser", "node_modules", "playwright-core")); err != nil {
		missing("playwright-core is not installed: npm ci --prefix e2e/browser")
	}
	return chromium, node
}

// viewInBrowser runs view.mjs on the page. The page's browser context uses
// a loopback proxy that counts connections (any HTTP the page made), and
// Chromium's own background traffic goes to a second one, logged only.
func viewInBrowser(t *testing.T, node, chromium, htmlPath string) (browserView, int64) {
	t.Helper()
	pageProxy, browserProxy := countingListener(t), countingListener(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	shot := filepath.Join(t.TempDir(), "page.png")
	cmd := exec.CommandContext(ctx, node, filepath.Join(moduleRoot, "e2e", "browser", "view.mjs"),
		htmlPath, chromium, pageProxy.addr, browserProxy.addr, shot)
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("node view.mjs: %v\n%s", err, stderr)
	}
	if n := browserProxy.n.Load(); n > 0 {
		t.Logf("Chromium's own background connections (kept on loopback): %d", n)
	}
	var v browserView
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("view.mjs output: %v\n%s", err, out)
	}
	if st, err := os.Stat(shot); err != nil || st.Size() == 0 {
		t.Errorf("no screenshot of the page: %v", err)
	}
	return v, pageProxy.n.Load()
}

// counter is a loopback listener that accepts, counts and closes.
type counter struct {
	addr string
	n    atomic.Int64
}

func countingListener(t *testing.T) *counter {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	c := &counter{addr: ln.Addr().String()}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			c.n.Add(1)
			conn.Close()
		}
	}()
	return c
}

// TestBrowserSeesRequests is the control for checkInert: a page that does
// load things must show up both as requests and at the page's proxy.
func TestBrowserSeesRequests(t *testing.T) {
	t.Parallel()
	chromium, node := browserTools(t)
	page := filepath.Join(t.TempDir(), "loads.html")
	html := `<!DOCTYPE html><html><body><img src="http://example.test/x.png"></body></html>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	v, proxied := viewInBrowser(t, node, chromium, page)
	if len(v.Requests) == 0 || proxied == 0 {
		t.Errorf("a page loading an image: requests %q, %d connections to the proxy; want both seen", v.Requests, proxied)
	}
}
