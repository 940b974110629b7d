// Command grpc-gateway answers HTTP the way a grpc-gateway v2 proxy does:
// its runtime.ServeMux routes the requests, and every error goes through
// the runtime's default error handler (runtime.HTTPError →
// DefaultHTTPErrorHandler), which maps a gRPC status to an HTTP status and
// writes {"code", "message", "details"}. There is no gRPC server behind it:
// the handlers return the statuses a backend would, so
// scripts/record-errorshapes.sh can record the gateway's real error bytes.
// Its own module keeps grpc-gateway out of errprobe's go.mod.
//
//	go run . --port 18306
package main

import (
	"context"
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"strconv"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func main() {
	port := flag.Int("port", 8080, "port to listen on (127.0.0.1)")
	flag.Parse()
	mux := runtime.NewServeMux()
	fail := func(w http.ResponseWriter, r *http.Request, err error) {
		_, out := runtime.MarshalerForRequest(mux, r)
		runtime.HTTPError(r.Context(), mux, out, w, r, err)
	}
	must := func(err error) {
		if err != nil {
			log.Fatal(err)
		}
	}
	must(mux.HandlePath(http.MethodGet, "/health", func(w http.ResponseWriter, _ *http.Request, _ map[string]string) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	}))
	must(mux.HandlePath(http.MethodPost, "/v1/items", func(w http.ResponseWriter, r *http.Request, _ map[string]string) {
		if err := authorize(r.Context(), r.Header.Get("Authorization")); err != nil {
			fail(w, r, err)
			return
		}
		var body struct {
			Name  string   `json:"name"`
			Price *float64 `json:"price"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			fail(w, r, status.Errorf(codes.InvalidArgument, "invalid JSON body: %v", err))
			return
		}
		if body.Price == nil {
			fail(w, r, status.Error(codes.InvalidArgument, "price is required"))
			return
		}
		fail(w, r, status.Error(codes.Internal, "storage backend unavailable"))
	}))
	must(mux.HandlePath(http.MethodGet, "/v1/items/{id}", func(w http.ResponseWriter, r *http.Request, p map[string]string) {
		if _, err := strconv.Atoi(p["id"]); err != nil {
			fail(w, r, status.Errorf(codes.InvalidArgument, "id %q is not an integer", p["id"]))
			return
		}
		fail(w, r, status.Errorf(codes.NotFound, "item %s not found", p["id"]))
	}))
	log.Fatal(http.ListenAndServe("127.0.0.1:"+strconv.Itoa(*port), mux))
}

// authorize stands for a backend's interceptor: no or unknown token is
// Unauthenticated, the reader token PermissionDenied.
func authorize(_ context.Context, header string) error {
	token, ok := strings.CutPrefix(header, "Bearer ")
	switch {
	case !ok || (token != "admin-token" && token != "reader-token"):
		return status.Error(codes.Unauthenticated, "missing or unknown bearer token")
	case token != "admin-token":
		return status.Error(codes.PermissionDenied, "admin role required")
	}
	return nil
}
