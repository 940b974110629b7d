package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/errprobe/errprobe/internal/testapi"
)

// lockedBuffer is a bytes.Buffer a target's handler may read while
// errprobe writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestHeaderBeforeFirstRequest: the terminal's header (target, description,
// probes, methods and whether the run can change data) is on stdout when
// the target gets its first request, and is not repeated at the end.
func TestHeaderBeforeFirstRequest(t *testing.T) {
	var stdout lockedBuffer
	var once sync.Once
	seen := make(chan string, 1)
	api := testapi.New(testapi.Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { seen <- stdout.String() })
		api.ServeHTTP(w, r)
	}))
	defer srv.Close()
	var stderr bytes.Buffer
	code := run(context.Background(), append([]string{"errprobe"}, auditArgs(testapiSpec(t), srv.URL, "-q=false")...), &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	before := <-seen
	for _, want := range []string{"target " + srv.URL, "probes + ", "control requests · seed", "Methods sent:"} {
		if !strings.Contains(before, want) {
			t.Errorf("stdout at the first request lacks %q:\n%s", want, before)
		}
	}
	if n := strings.Count(stdout.String(), "Methods sent:"); n != 1 {
		t.Errorf("the header is printed %d times:\n%s", n, stdout.String())
	}
}
