package demoapi

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// exchange is one request to the demo API and what its response must be.
type exchange struct {
	name        string
	method      string
	path        string
	token       string // bearer token; "" sends no Authorization header
	contentType string // request Content-Type; "" sends none
	body        string
	wantStatus  int
	wantType    string            // response media type, parameters ignored; "" for no body
	wantHeaders map[string]string // header name → required prefix of its value
	wantBody    []string          // substrings the body must contain
}

// run sends ex to a fresh demo API and checks the status, media type,
// headers and body; it returns the body for further checks.
func (ex exchange) run(t *testing.T) []byte {
	t.Helper()
	srv := httptest.NewServer(Handler())
	t.Cleanup(srv.Close)
	req, err := http.NewRequestWithContext(t.Context(), ex.method, srv.URL+ex.path, strings.NewReader(ex.body))
	if err != nil {
		t.Fatal(err)
	}
	if ex.token != "" {
		req.Header.Set("Authorization", "Bearer "+ex.token)
	}
	if ex.contentType != "" {
		req.Header.Set("Content-Type", ex.contentType)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != ex.wantStatus {
		t.Errorf("status = %d, want %d; body:\n%s", resp.StatusCode, ex.wantStatus, body)
	}
	if got := mediaType(resp.Header.Get("Content-Type")); ex.wantType != "" && got != ex.wantType {
		t.Errorf("media type = %q, want %q", got, ex.wantType)
	}
	for name, prefix := range ex.wantHeaders {
		if got := resp.Header.Get(name); !strings.HasPrefix(got, prefix) {
			t.Errorf("%s = %q, want prefix %q", name, got, prefix)
		}
	}
	for _, s := range ex.wantBody {
		if !strings.Contains(string(body), s) {
			t.Errorf("body lacks %q:\n%s", s, body)
		}
	}
	return body
}

func mediaType(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return contentType
	}
	return mt
}

const (
	widgetBody = `{"name":"Flux capacitor","price":19.99,"color":"blue"}`
	challenge  = `Bearer realm="widgets"`
)

// TestWellHandled pins the operations that must pass every errprobe check:
// each error is problem+json whose "status" equals the HTTP status.
func TestWellHandled(t *testing.T) {
	t.Parallel()
	unauthorized := map[string]string{"WWW-Authenticate": challenge}
	tests := []exchange{
		{name: "list", method: "GET", path: "/widgets?limit=2", token: ReaderToken, wantStatus: 200, wantType: plainJSON, wantBody: []string{`"Sprocket"`, `"Gizmo"`}},
		{name: "list limit not integer", method: "GET", path: "/widgets?limit=ten", token: ReaderToken, wantStatus: 400, wantType: problemJSON, wantBody: []string{`"parameter":"limit"`}},
		{name: "list limit too large", method: "GET", path: "/widgets?limit=101", token: ReaderToken, wantStatus: 400, wantType: problemJSON},
		{name: "list limit zero", method: "GET", path: "/widgets?limit=0", token: ReaderToken, wantStatus: 400, wantType: problemJSON},
		{name: "list no token", method: "GET", path: "/widgets", wantStatus: 401, wantType: problemJSON, wantHeaders: unauthorized},
		{name: "list invalid token", method: "GET", path: "/widgets", token: "nope", wantStatus: 401, wantType: problemJSON, wantHeaders: map[string]string{"WWW-Authenticate": challenge + `, error="invalid_token"`}},
		{name: "create", method: "POST", path: "/widgets", token: AdminToken, contentType: "application/json", body: widgetBody, wantStatus: 201, wantType: plainJSON, wantHeaders: map[string]string{"Location": "/widgets/4"}, wantBody: []string{`"id":4`}},
		{name: "create charset", method: "POST", path: "/widgets", token: AdminToken, contentType: "application/json; charset=utf-8", body: widgetBody, wantStatus: 201, wantType: plainJSON},
		{name: "create truncated JSON", method: "POST", path: "/widgets", token: AdminToken, contentType: "application/json", body: `{"name":"Flux`, wantStatus: 400, wantType: problemJSON},
		{name: "create not JSON", method: "POST", path: "/widgets", token: AdminToken, contentType: "application/json", body: `name=Flux`, wantStatus: 400, wantType: problemJSON},
		{name: "create no body", method: "POST", path: "/widgets", token: AdminToken, contentType: "application/json", wantStatus: 400, wantType: problemJSON},
		{name: "create wrong content type", method: "POST", path: "/widgets", token: AdminToken, contentType: "text/plain", body: widgetBody, wantStatus: 415, wantType: problemJSON},
		{name: "create no content type", method: "POST", path: "/widgets", token: AdminToken, body: widgetBody, wantStatus: 415, wantType: problemJSON},
		{name: "create name wrong type", method: "POST", path: "/widgets", token: AdminToken, contentType: "application/json", body: `{"name":7,"price":1}`, wantStatus: 422, wantType: problemJSON, wantBody: []string{`"pointer":"/name"`}},
		{name: "create name too long", method: "POST", path: "/widgets", token: AdminToken, contentType: "application/json", body: `{"name":"` + strings.Repeat("x", 41) + `","price":1}`, wantStatus: 422, wantType: problemJSON},
		{name: "create name empty", method: "POST", path: "/widgets", token: AdminToken, contentType: "application/json", body: `{"name":"","price":1}`, wantStatus: 422, wantType: problemJSON},
		{name: "create price negative", method: "POST", path: "/widgets", token: AdminToken, contentType: "application/json", body: `{"name":"a","price":-0.01}`, wantStatus: 422, wantType: problemJSON, wantBody: []string{`"pointer":"/price"`}},
		{name: "create price missing", method: "POST", path: "/widgets", token: AdminToken, contentType: "application/json", body: `{"name":"a"}`, wantStatus: 422, wantType: problemJSON, wantBody: []string{`"/price","detail":"is required"`}},
		{name: "create name missing", method: "POST", path: "/widgets", token: AdminToken, contentType: "application/json", body: `{"price":1}`, wantStatus: 422, wantType: problemJSON},
		{name: "create color not in enum", method: "POST", path: "/widgets", token: AdminToken, contentType: "application/json", body: `{"name":"a","price":1,"color":"pink"}`, wantStatus: 422, wantType: problemJSON, wantBody: []string{`"pointer":"/color"`}},
		{name: "create unknown property", method: "POST", path: "/widgets", token: AdminToken, contentType: "application/json", body: `{"name":"a","price":1,"sku":"x"}`, wantStatus: 422, wantType: problemJSON},
		{name: "create body not object", method: "POST", path: "/widgets", token: AdminToken, contentType: "application/json", body: `[1]`, wantStatus: 422, wantType: problemJSON},
		{name: "create too large", method: "POST", path: "/widgets", token: AdminToken, contentType: "application/json", body: `"` + strings.Repeat("x", maxBody) + `"`, wantStatus: 413, wantType: problemJSON},
		{name: "create as reader", method: "POST", path: "/widgets", token: ReaderToken, contentType: "application/json", body: widgetBody, wantStatus: 403, wantType: problemJSON},
		{name: "create no token", method: "POST", path: "/widgets", contentType: "application/json", body: widgetBody, wantStatus: 401, wantType: problemJSON, wantHeaders: unauthorized},
		{name: "get", method: "GET", path: "/widgets/1", token: ReaderToken, wantStatus: 200, wantType: plainJSON, wantBody: []string{`"name":"Sprocket"`}},
		{name: "get id not integer", method: "GET", path: "/widgets/abc", token: ReaderToken, wantStatus: 400, wantType: problemJSON, wantBody: []string{`"parameter":"id"`}},
		{name: "get id below minimum", method: "GET", path: "/widgets/0", token: ReaderToken, wantStatus: 400, wantType: problemJSON},
		{name: "get unknown", method: "GET", path: "/widgets/999", token: ReaderToken, wantStatus: 404, wantType: problemJSON},
		{name: "get no token", method: "GET", path: "/widgets/1", wantStatus: 401, wantType: problemJSON, wantHeaders: unauthorized},
		{name: "delete", method: "DELETE", path: "/widgets/1", token: AdminToken, wantStatus: 204},
		{name: "delete unknown", method: "DELETE", path: "/widgets/999", token: AdminToken, wantStatus: 404, wantType: problemJSON},
		{name: "delete id not integer", method: "DELETE", path: "/widgets/abc", token: AdminToken, wantStatus: 400, wantType: problemJSON},
		{name: "delete as reader", method: "DELETE", path: "/widgets/1", token: ReaderToken, wantStatus: 403, wantType: problemJSON},
		{name: "delete no token", method: "DELETE", path: "/widgets/1", wantStatus: 401, wantType: problemJSON, wantHeaders: unauthorized},
		{name: "delete invalid token", method: "DELETE", path: "/widgets/1", token: "demo-admin-tokenX", wantStatus: 401, wantType: problemJSON, wantHeaders: unauthorized},
		{name: "undeclared method on collection", method: "PUT", path: "/widgets", token: AdminToken, wantStatus: 405, wantType: problemJSON, wantHeaders: map[string]string{"Allow": "GET, HEAD, POST"}},
		{name: "undeclared method on item", method: "PATCH", path: "/widgets/1", token: AdminToken, wantStatus: 405, wantType: problemJSON, wantHeaders: map[string]string{"Allow": "GET, HEAD, DELETE"}},
		{name: "unknown path under widgets", method: "GET", path: "/widgets/1/parts", token: AdminToken, wantStatus: 404, wantType: problemJSON},
	}
	for _, ex := range tests {
		t.Run(ex.name, func(t *testing.T) {
			t.Parallel()
			body := ex.run(t)
			if ex.wantType == problemJSON {
				checkProblem(t, body, ex.wantStatus)
			}
		})
	}
}

// checkProblem checks the members RFC 9457 and the spec's Problem require.
func checkProblem(t *testing.T, body []byte, status int) {
	t.Helper()
	var p struct {
		Type, Title string
		Status      int
	}
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("problem body is not JSON: %v\n%s", err, body)
	}
	if p.Status != status || p.Title == "" || !strings.HasPrefix(p.Type, problemBase) {
		t.Errorf("problem = %+v, want status %d, a title and a %s type", p, status, problemBase)
	}
}

// TestHandlerStoresAreIndependent checks that each Handler has its own data.
func TestHandlerStoresAreIndependent(t *testing.T) {
	t.Parallel()
	a, b := Handler(), Handler()
	del := httptest.NewRequest("DELETE", "/widgets/1", nil)
	del.Header.Set("Authorization", "Bearer "+AdminToken)
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, del)
	if rec.Code != http.StatusNoContent {
		t.Fatalf("delete: status %d", rec.Code)
	}
	get := httptest.NewRequest("GET", "/widgets/1", nil)
	get.Header.Set("Authorization", "Bearer "+ReaderToken)
	for h, want := range map[http.Handler]int{a: http.StatusNotFound, b: http.StatusOK} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, get)
		if rec.Code != want {
			t.Errorf("get after delete: status %d, want %d", rec.Code, want)
		}
	}
}
