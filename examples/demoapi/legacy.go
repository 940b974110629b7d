package demoapi

import (
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strconv"
)

// getReport serves GET /reports/{id}.
//
// Defect: the spec says reports need the administrator token, but this
// handler was added without the authorize call, so anyone (no token, a bad
// token, the reader) gets 200.
func (a *api) getReport(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		writeLegacyError(w, http.StatusBadRequest, "invalid_id", "report id must be an integer")
		return
	}
	rep, ok := a.store.report(id)
	if !ok {
		writeLegacyError(w, http.StatusNotFound, "not_found", "there is no report "+strconv.Itoa(id))
		return
	}
	writeJSON(w, http.StatusOK, plainJSON, rep)
}

// skuPattern is the pattern of the getCatalogItem "sku" parameter.
var skuPattern = regexp.MustCompile(`^[A-Z]{3}-[0-9]{4}$`)

// getCatalogItem serves GET /legacy/catalog/{sku}. Its successes are JSON.
//
// Defect: its errors, and those of everything else under /legacy/, are the
// old server's HTML error pages, not the JSON Error the spec documents.
func (a *api) getCatalogItem(w http.ResponseWriter, r *http.Request) {
	sku := r.PathValue("sku")
	if !skuPattern.MatchString(sku) {
		legacyPage(w, http.StatusBadRequest, "The SKU "+sku+" is not valid.")
		return
	}
	item, ok := a.store.catalogItem(sku)
	if !ok {
		legacyPage(w, http.StatusNotFound, "No catalogue item has the SKU "+sku+".")
		return
	}
	writeJSON(w, http.StatusOK, plainJSON, item)
}

// legacyNotFound answers every other request under /legacy/, whatever the
// method (so undeclared methods get 404, not 405).
func legacyNotFound(w http.ResponseWriter, r *http.Request) {
	legacyPage(w, http.StatusNotFound, "The requested URL "+r.URL.Path+" was not found on this server.")
}

// legacyPage writes the old server's HTML error page.
func legacyPage(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	text := fmt.Sprintf("%d %s", status, http.StatusText(status))
	// A failed write means the client has gone; there is no one to tell.
	_, _ = fmt.Fprintf(w, `<!DOCTYPE html>
<html><head><title>%s</title></head>
<body>
<h1>%s</h1>
<p>%s</p>
<hr>
<address>WidgetShop Catalog Server 2.3</address>
</body></html>
`, text, text, html.EscapeString(message))
}
