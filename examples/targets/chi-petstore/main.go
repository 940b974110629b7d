// Command chi-petstore is the petstore of oapi-codegen's published example
// built the way a new Go user builds it: the upstream petstore-expanded
// description (petstore-expanded.yaml), a chi server generated from it by
// oapi-codegen v2 (api/, plain ServerInterface), kin-openapi's request
// validation through oapi-codegen's nethttp-middleware with its default
// error handler, chi's own 404/405 and Recoverer, and an in-memory store that
// starts empty. The app serves the description oapi-codegen embedded at
// /openapi.json. Its own module keeps chi and oapi-codegen out of errprobe's
// go.mod.
//
//	go run . --port 18306
package main

import (
	"flag"
	"log"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"
	middleware "github.com/oapi-codegen/nethttp-middleware"

	"github.com/errprobe/errprobe/examples/targets/chi-petstore/api"
)

func router() (http.Handler, error) {
	spec, err := api.GetSpec()
	if err != nil {
		return nil, err
	}
	// As in the upstream example: the validator would otherwise match the
	// Host against the description's servers.
	spec.Servers = nil
	raw, err := api.GetSpecJSON()
	if err != nil {
		return nil, err
	}

	r := chi.NewRouter()
	r.Use(chimw.Recoverer)
	r.Get("/health", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	r.Get("/openapi.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(raw)
	})
	r.Group(func(r chi.Router) {
		r.Use(middleware.OapiRequestValidator(spec))
		api.HandlerFromMux(NewPetStore(), r)
	})
	return r, nil
}

func main() {
	port := flag.Int("port", 8080, "port to listen on (127.0.0.1)")
	flag.Parse()
	h, err := router()
	if err != nil {
		log.Fatal(err)
	}
	log.Fatal(http.ListenAndServe("127.0.0.1:"+strconv.Itoa(*port), h))
}
