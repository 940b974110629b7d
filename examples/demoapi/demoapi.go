// Package demoapi is the Widget Shop, the small in-memory API that
// "errprobe demo" starts on a loopback port and audits.
//
// The widget operations handle their errors well and pass every probe. The
// order, report and legacy catalogue operations carry the kind of bugs real
// teams ship (a required parameter that is not enforced, a leaked panic, an
// authorization check that was never wired in, HTML error pages, a problem
// body whose status disagrees with the response), so a demo run shows both
// passes and failures. The tests in this package pin every one of them.
package demoapi

import (
	"bytes"
	_ "embed"
	"net/http"
)

// AdminToken is the bearer token of an identity with full access.
const AdminToken = "demo-admin-token"

// ReaderToken is the bearer token of a read-only identity: it may read
// widgets and orders but not create or delete anything, nor read reports.
const ReaderToken = "demo-reader-token"

//go:embed openapi.yaml
var spec []byte

// Spec returns the embedded OpenAPI description (YAML).
func Spec() []byte { return bytes.Clone(spec) }

// Handler returns the demo API. Each call returns an independent in-memory store.
func Handler() http.Handler {
	a := &api{store: newStore()}
	mux := http.NewServeMux()

	// Well handled: every error is problem+json, including the mux's own
	// 404 and 405 under /widgets, which are registered explicitly because
	// ServeMux would otherwise answer them in text/plain.
	mux.HandleFunc("GET /widgets", a.listWidgets)
	mux.HandleFunc("POST /widgets", a.createWidget)
	mux.HandleFunc("/widgets", methodNotAllowed("GET, HEAD, POST"))
	mux.HandleFunc("GET /widgets/{id}", a.getWidget)
	mux.HandleFunc("DELETE /widgets/{id}", a.deleteWidget)
	mux.HandleFunc("/widgets/{id}", methodNotAllowed("GET, HEAD, DELETE"))
	mux.HandleFunc("/widgets/", notFound)

	// Defective: see the comments starting "Defect:" in each handler. Unknown
	// paths and methods here fall through to ServeMux's text/plain answers.
	mux.HandleFunc("GET /orders", a.listOrders)
	mux.Handle("POST /orders", debugRecover(http.HandlerFunc(a.createOrder)))
	mux.HandleFunc("GET /orders/{id}", a.getOrder)
	mux.HandleFunc("GET /reports/{id}", a.getReport)
	mux.HandleFunc("GET /legacy/catalog/{sku}", a.getCatalogItem)
	mux.HandleFunc("/legacy/", legacyNotFound)
	return mux
}

// api holds the handlers' shared state.
type api struct {
	store *store
}
