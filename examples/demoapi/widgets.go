package demoapi

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
)

// maxBody caps request bodies; larger ones get 413.
const maxBody = 1 << 20

// listWidgets serves GET /widgets?limit=N.
func (a *api) listWidgets(w http.ResponseWriter, r *http.Request) {
	if f := authorize(r, false); f != nil {
		f.writeProblem(w, r)
		return
	}
	limit := 20
	if q := r.URL.Query(); q.Has("limit") {
		n, err := strconv.Atoi(q.Get("limit"))
		if err != nil || n < 1 || n > 100 {
			p := newProblem(r, http.StatusBadRequest, "invalid-parameter", "limit must be an integer from 1 to 100")
			p.Errors = []fieldError{{Parameter: "limit", Detail: "must be an integer from 1 to 100"}}
			p.write(w)
			return
		}
		limit = n
	}
	writeJSON(w, http.StatusOK, plainJSON, map[string]any{"items": a.store.listWidgets(limit)})
}

// createWidget serves POST /widgets: 400 for a missing or malformed body,
// 415 for a body that is not JSON, 422 for JSON that breaks the schema.
func (a *api) createWidget(w http.ResponseWriter, r *http.Request) {
	if f := authorize(r, true); f != nil {
		f.writeProblem(w, r)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		newProblem(r, http.StatusRequestEntityTooLarge, "body-too-large", "the body must not exceed 1 MiB").write(w)
		return
	case err != nil:
		newProblem(r, http.StatusBadRequest, "invalid-body", "the body could not be read").write(w)
		return
	case len(body) == 0:
		newProblem(r, http.StatusBadRequest, "invalid-body", "a JSON request body is required").write(w)
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		newProblem(r, http.StatusUnsupportedMediaType, "unsupported-media-type",
			"the body must be sent as application/json").write(w)
		return
	}
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		newProblem(r, http.StatusBadRequest, "invalid-body", "the body is not valid JSON").write(w)
		return
	}
	nw, errs := decodeNewWidget(doc)
	if len(errs) > 0 {
		p := newProblem(r, http.StatusUnprocessableEntity, "validation-failed", "the widget does not match the NewWidget schema")
		p.Errors = errs
		p.write(w)
		return
	}
	created := a.store.addWidget(nw)
	w.Header().Set("Location", "/widgets/"+strconv.Itoa(created.ID))
	writeJSON(w, http.StatusCreated, plainJSON, created)
}

// getWidget serves GET /widgets/{id}.
func (a *api) getWidget(w http.ResponseWriter, r *http.Request) {
	if f := authorize(r, false); f != nil {
		f.writeProblem(w, r)
		return
	}
	id, ok := widgetID(w, r)
	if !ok {
		return
	}
	wd, found := a.store.widget(id)
	if !found {
		newProblem(r, http.StatusNotFound, "not-found", "there is no widget "+strconv.Itoa(id)).write(w)
		return
	}
	writeJSON(w, http.StatusOK, plainJSON, wd)
}

// deleteWidget serves DELETE /widgets/{id} for administrators.
func (a *api) deleteWidget(w http.ResponseWriter, r *http.Request) {
	if f := authorize(r, true); f != nil {
		f.writeProblem(w, r)
		return
	}
	id, ok := widgetID(w, r)
	if !ok {
		return
	}
	if !a.store.deleteWidget(id) {
		newProblem(r, http.StatusNotFound, "not-found", "there is no widget "+strconv.Itoa(id)).write(w)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// widgetID parses the {id} path parameter, answering 400 when it is not an
// integer of at least 1 (the spec's minimum).
func widgetID(w http.ResponseWriter, r *http.Request) (int, bool) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil || id < 1 {
		p := newProblem(r, http.StatusBadRequest, "invalid-parameter", "the widget id must be an integer of at least 1")
		p.Errors = []fieldError{{Parameter: "id", Detail: "must be an integer of at least 1"}}
		p.write(w)
		return 0, false
	}
	return id, true
}
