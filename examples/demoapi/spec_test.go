package demoapi

import (
	"bytes"
	"strings"
	"testing"
)

// TestSpec checks that the embedded description is OpenAPI 3.0 YAML that
// documents every path the handler serves and the pieces the demo relies on.
func TestSpec(t *testing.T) {
	t.Parallel()
	spec := string(Spec())
	if !strings.HasPrefix(spec, "openapi: 3.0") {
		t.Fatalf("spec starts %q, want openapi: 3.0", spec[:min(len(spec), 20)])
	}
	if strings.Contains(spec, "\t") {
		t.Error("spec contains a tab, which YAML forbids in indentation")
	}
	for _, want := range []string{
		"\n  /widgets:\n", "\n  /widgets/{id}:\n", "\n  /orders:\n", "\n  /orders/{id}:\n",
		"\n  /reports/{id}:\n", "\n  /legacy/catalog/{sku}:\n",
		"operationId: listWidgets", "operationId: createWidget", "operationId: getWidget",
		"operationId: deleteWidget", "operationId: listOrders", "operationId: createOrder",
		"operationId: getOrder", "operationId: getReport", "operationId: getCatalogItem",
		"\n    bearerAuth:\n", "\nsecurity:\n  - bearerAuth: []\n",
		"\n    Problem:\n", "\n    Error:\n", "application/problem+json",
	} {
		if !strings.Contains(spec, want) {
			t.Errorf("spec lacks %q", want)
		}
	}
}

// TestSpecReturnsCopy checks that callers cannot change the embedded spec.
func TestSpecReturnsCopy(t *testing.T) {
	t.Parallel()
	s := Spec()
	s[0] = 'X'
	if !bytes.HasPrefix(Spec(), []byte("openapi")) {
		t.Error("Spec() shares its bytes with callers")
	}
}
