package demoapi

import (
	"fmt"
	"net/http"
	"path"
	"runtime"
	"strings"
)

// debugRecover is the development-mode recovery middleware that was never
// switched off. Defect: it answers a panic with a text/plain 500 whose body
// is the panic value and the stack trace, leaking function names, source
// file paths and line numbers.
func debugRecover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusInternalServerError)
			// A failed write means the client has gone; there is no one to tell.
			_, _ = fmt.Fprintf(w, "panic: %v\n\ngoroutine 1 [running]:\n%s", v, stackTrace())
		}()
		next.ServeHTTP(w, r)
	})
}

// maxFrames bounds the trace to the frames a reader would look at.
const maxFrames = 6

// stackTrace formats the panicking goroutine's stack like the Go runtime
// does, starting at the frame that panicked. File paths are rewritten to
// look like a deployment (/srv/widget-shop, /usr/local/go) and memory
// addresses are left out, so the body is the same on every machine and run.
func stackTrace() string {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)])
	var b strings.Builder
	panicking, n := false, 0
	for f, more := frames.Next(); more && n < maxFrames; f, more = frames.Next() {
		if strings.HasPrefix(f.Function, "runtime.") {
			panicking = panicking || f.Function == "runtime.gopanic"
			continue
		}
		if !panicking {
			continue // the recovery machinery itself
		}
		fmt.Fprintf(&b, "%s(...)\n\t%s:%d\n", f.Function, deployedPath(f), f.Line)
		n++
	}
	return b.String()
}

// deployedPath maps a frame's source file to where it would sit on a server.
func deployedPath(f runtime.Frame) string {
	if strings.HasPrefix(f.Function, "github.com/errprobe/errprobe/") {
		return "/srv/widget-shop/internal/shop/" + path.Base(f.File)
	}
	if _, rest, ok := strings.Cut(f.File, "/src/"); ok {
		return "/usr/local/go/src/" + rest
	}
	return "/usr/local/go/src/" + f.File
}
