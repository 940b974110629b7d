package demoapi

import (
	"testing"
)

// TestDefects pins the bugs the demo exists to show, so that errprobe's
// demo run keeps reporting them.
func TestDefects(t *testing.T) {
	t.Parallel()
	tests := []exchange{
		// listOrders: a required query parameter that is not enforced.
		{name: "list orders without required status", method: "GET", path: "/orders", token: ReaderToken, wantStatus: 200, wantType: plainJSON, wantBody: []string{`"status":"pending"`, `"status":"shipped"`}},
		{name: "list orders with status", method: "GET", path: "/orders?status=shipped", token: ReaderToken, wantStatus: 200, wantType: plainJSON, wantBody: []string{`"id":2`}},
		{name: "list orders status not in enum", method: "GET", path: "/orders?status=lost", token: ReaderToken, wantStatus: 400, wantType: plainJSON, wantBody: []string{`"error":"invalid_status"`}},
		{name: "list orders no token", method: "GET", path: "/orders?status=pending", wantStatus: 401, wantType: plainJSON, wantHeaders: map[string]string{"WWW-Authenticate": challenge}, wantBody: []string{`"error":"unauthorized"`}},
		{name: "undeclared method on orders is text/plain", method: "PUT", path: "/orders", token: AdminToken, wantStatus: 405, wantType: "text/plain", wantHeaders: map[string]string{"Allow": "GET, HEAD, POST"}},

		// createOrder: malformed JSON panics and the stack trace leaks.
		{name: "create order", method: "POST", path: "/orders", token: AdminToken, contentType: "application/json", body: `{"widgetId":1,"quantity":2}`, wantStatus: 201, wantType: plainJSON, wantBody: []string{`"id":3`}},
		{name: "create order truncated JSON leaks panic", method: "POST", path: "/orders", token: AdminToken, contentType: "application/json", body: `{"widgetId":1,"qua`, wantStatus: 500, wantType: "text/plain", wantBody: []string{
			"panic: runtime error: invalid memory address or nil pointer dereference",
			"goroutine 1 [running]:",
			"demoapi.(*api).createOrder(...)",
			"/srv/widget-shop/internal/shop/orders.go:",
			"/usr/local/go/src/net/http/server.go:",
		}},
		{name: "create order not JSON leaks panic", method: "POST", path: "/orders", token: AdminToken, contentType: "application/json", body: `widgetId=1`, wantStatus: 500, wantType: "text/plain", wantBody: []string{"goroutine 1 [running]:"}},
		{name: "create order no body leaks panic", method: "POST", path: "/orders", token: AdminToken, contentType: "application/json", wantStatus: 500, wantType: "text/plain", wantBody: []string{"panic: "}},
		{name: "create order wrong content type accepted", method: "POST", path: "/orders", token: AdminToken, contentType: "text/plain", body: `{"widgetId":1,"quantity":2}`, wantStatus: 201, wantType: plainJSON},
		{name: "create order quantity wrong type", method: "POST", path: "/orders", token: AdminToken, contentType: "application/json", body: `{"widgetId":1,"quantity":"two"}`, wantStatus: 400, wantType: plainJSON, wantBody: []string{`"error":"invalid_quantity"`}},
		{name: "create order widget missing", method: "POST", path: "/orders", token: AdminToken, contentType: "application/json", body: `{"quantity":2}`, wantStatus: 422, wantType: plainJSON, wantBody: []string{`"error":"unknown_widget"`}},
		{name: "create order as reader", method: "POST", path: "/orders", token: ReaderToken, contentType: "application/json", body: `{"widgetId":1,"quantity":2}`, wantStatus: 403, wantType: plainJSON},

		// getOrder: the body's status disagrees with the HTTP status.
		{name: "get order", method: "GET", path: "/orders/1", token: ReaderToken, wantStatus: 200, wantType: plainJSON},
		{name: "get order id not integer has status 404 in a 400", method: "GET", path: "/orders/abc", token: ReaderToken, wantStatus: 400, wantType: problemJSON, wantBody: []string{`"status":404`}},
		{name: "get order unknown", method: "GET", path: "/orders/999", token: ReaderToken, wantStatus: 404, wantType: problemJSON, wantBody: []string{`"status":404`}},
		{name: "get order no token", method: "GET", path: "/orders/1", wantStatus: 401, wantType: problemJSON, wantHeaders: map[string]string{"WWW-Authenticate": challenge}},

		// getReport: authorization is never checked.
		{name: "report without token", method: "GET", path: "/reports/1", wantStatus: 200, wantType: plainJSON, wantBody: []string{`"title":"Q1 sales"`}},
		{name: "report with invalid token", method: "GET", path: "/reports/1", token: "stolen", wantStatus: 200, wantType: plainJSON},
		{name: "report as reader", method: "GET", path: "/reports/1", token: ReaderToken, wantStatus: 200, wantType: plainJSON},
		{name: "report id not integer", method: "GET", path: "/reports/x", token: AdminToken, wantStatus: 400, wantType: plainJSON, wantBody: []string{`"error":"invalid_id"`}},
		{name: "report unknown", method: "GET", path: "/reports/9", token: AdminToken, wantStatus: 404, wantType: plainJSON},

		// getCatalogItem and /legacy/: HTML error pages.
		{name: "catalog item", method: "GET", path: "/legacy/catalog/WID-0001", wantStatus: 200, wantType: plainJSON, wantBody: []string{`"sku":"WID-0001"`}},
		{name: "catalog sku breaks pattern", method: "GET", path: "/legacy/catalog/wid-1", wantStatus: 400, wantType: "text/html", wantBody: []string{"<h1>400 Bad Request</h1>"}},
		{name: "catalog sku unknown", method: "GET", path: "/legacy/catalog/WID-9999", wantStatus: 404, wantType: "text/html", wantBody: []string{"<h1>404 Not Found</h1>"}},
		{name: "catalog undeclared method is HTML 404", method: "DELETE", path: "/legacy/catalog/WID-0001", wantStatus: 404, wantType: "text/html"},
		{name: "unknown legacy path", method: "GET", path: "/legacy/nope", wantStatus: 404, wantType: "text/html"},
		{name: "catalog escapes input", method: "GET", path: "/legacy/catalog/%3Cb%3E", wantStatus: 400, wantType: "text/html", wantBody: []string{"&lt;b&gt;"}},

		// Paths outside the handled groups: ServeMux's text/plain 404.
		{name: "unknown top-level path", method: "GET", path: "/errprobe-unknown", token: AdminToken, wantStatus: 404, wantType: "text/plain", wantBody: []string{"404 page not found"}},
		{name: "unknown path under orders", method: "GET", path: "/orders/1/items", token: AdminToken, wantStatus: 404, wantType: "text/plain"},
	}
	for _, ex := range tests {
		t.Run(ex.name, func(t *testing.T) {
			t.Parallel()
			ex.run(t)
		})
	}
}
