package openapi

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// Temporary: dumps the model for before/after comparison (perf work).
func TestZZPerfDump(t *testing.T) {
	out := os.Getenv("PERFDUMP")
	if out == "" {
		t.Skip()
	}
	var b strings.Builder
	for _, f := range sharedSpecs(t) {
		s, err := Load(context.Background(), f, Options{})
		fmt.Fprintf(&b, "== %s err=%v\n", f, err)
		if err != nil {
			continue
		}
		fmt.Fprintf(&b, "%s %s %s %d warnings=%q\n", s.Version, s.Title, s.BasePath, len(s.Paths), s.Warnings)
		for _, op := range s.Operations {
			fmt.Fprintf(&b, "%s line=%d id=%s tags=%v sec=%d\n", op.Key(), op.Line, op.OperationID, op.Tags, len(op.Security))
			for _, p := range op.Parameters {
				js, _ := json.Marshal(JSONSchema(p.Schema))
				fmt.Fprintf(&b, "  p %s %s %v ex=%#v %s\n", p.Name, p.In, p.Required, p.Example, js)
			}
			if op.Body != nil {
				js, _ := json.Marshal(JSONSchema(op.Body.Schema))
				fmt.Fprintf(&b, "  body %v %v ex=%#v %s\n", op.Body.Required, op.Body.ContentTypes, op.Body.Example, js)
			}
			for _, r := range op.Responses {
				js, _ := json.Marshal(JSONSchema(r.Schema))
				fmt.Fprintf(&b, "  r %s %v %s\n", r.Status, r.MediaTypes, js)
			}
		}
	}
	os.WriteFile(out, []byte(b.String()), 0o644)
}
