// Command target is the loopback server the benchmarks probe: it answers
// every request with the same small RFC 9457 problem+json 400 and keeps
// connections alive, so the load generator and errprobe measure only their
// own cost.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"time"
)

// body is a typical problem document (about 200 bytes).
const body = `{"type":"https://example.com/problems/validation","title":"Bad Request",` +
	`"status":400,"detail":"The request could not be understood: a parameter is missing or malformed.",` +
	`"instance":"/bench"}`

func main() {
	addr := flag.String("addr", "127.0.0.1:8089", "listen address")
	flag.Parse()
	srv := &http.Server{Addr: *addr, Handler: http.HandlerFunc(handle), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(os.Stderr, "bench target listening on %s\n", *addr)
	log.Fatal(srv.ListenAndServe())
}

var length = strconv.Itoa(len(body))

func handle(w http.ResponseWriter, r *http.Request) {
	// Drain the request body so the connection can be reused.
	_, _ = io.Copy(io.Discard, r.Body)
	h := w.Header()
	h["Content-Type"] = []string{"application/problem+json"}
	h["Content-Length"] = []string{length}
	h["X-Content-Type-Options"] = []string{"nosniff"}
	w.WriteHeader(http.StatusBadRequest)
	_, _ = io.WriteString(w, body)
}
