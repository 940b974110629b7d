package demoapi

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
)

// orderStatuses is the enum of the listOrders "status" parameter.
var orderStatuses = []string{"pending", "shipped", "cancelled"}

// listOrders serves GET /orders?status=S.
func (a *api) listOrders(w http.ResponseWriter, r *http.Request) {
	if f := authorize(r, false); f != nil {
		f.writeLegacy(w)
		return
	}
	status := r.URL.Query().Get("status")
	// Defect: "status" is required by the spec, but a missing or empty value
	// is read as "no filter" and answered 200 with every order.
	if status != "" && !slices.Contains(orderStatuses, status) {
		writeLegacyError(w, http.StatusBadRequest, "invalid_status",
			"status must be one of pending, shipped, cancelled")
		return
	}
	writeJSON(w, http.StatusOK, plainJSON, map[string]any{"items": a.store.listOrders(status)})
}

// orderRequest is the NewOrder body of POST /orders.
type orderRequest struct {
	WidgetID int `json:"widgetId"`
	Quantity int `json:"quantity"`
}

// createOrder serves POST /orders.
func (a *api) createOrder(w http.ResponseWriter, r *http.Request) {
	if f := authorize(r, true); f != nil {
		f.writeLegacy(w)
		return
	}
	// Defect: the Content-Type is never looked at, so text/plain is accepted.
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		writeLegacyError(w, http.StatusBadRequest, "unreadable_body", "the body could not be read")
		return
	}
	var req *orderRequest
	// Defect: the decode error is dropped. A missing, truncated or non-JSON
	// body leaves req nil, the next line panics, and debugRecover sends the
	// panic and its stack trace to the client as a 500.
	_ = json.Unmarshal(body, &req)
	if req.Quantity < 1 || req.Quantity > 100 {
		writeLegacyError(w, http.StatusBadRequest, "invalid_quantity", "quantity must be from 1 to 100")
		return
	}
	if _, ok := a.store.widget(req.WidgetID); !ok {
		writeLegacyError(w, http.StatusUnprocessableEntity, "unknown_widget",
			"there is no widget "+strconv.Itoa(req.WidgetID))
		return
	}
	o := a.store.addOrder(order{WidgetID: req.WidgetID, Quantity: req.Quantity, Status: "pending"})
	writeJSON(w, http.StatusCreated, plainJSON, o)
}

// getOrder serves GET /orders/{id}, the one order operation already moved to
// problem+json.
func (a *api) getOrder(w http.ResponseWriter, r *http.Request) {
	if f := authorize(r, false); f != nil {
		f.writeProblem(w, r)
		return
	}
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		// Defect: the not-found problem is reused for a malformed id and sent
		// with status 400, so the body's "status" (404) disagrees with the
		// HTTP status.
		p := newProblem(r, http.StatusNotFound, "not-found", "order id must be an integer")
		writeJSON(w, http.StatusBadRequest, problemJSON, p)
		return
	}
	o, ok := a.store.order(id)
	if !ok {
		newProblem(r, http.StatusNotFound, "not-found", "there is no order "+strconv.Itoa(id)).write(w)
		return
	}
	writeJSON(w, http.StatusOK, plainJSON, o)
}
