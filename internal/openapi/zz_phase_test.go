package openapi

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestZZPhases(t *testing.T) {
	f := os.Getenv("PHASES")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	for range 2 {
		t0 := time.Now()
		doc := &openapi3.T{}
		if err := json.Unmarshal(data, doc); err != nil {
			t.Fatal(err)
		}
		t1 := time.Now()
		l := openapi3.NewLoader()
		if err := l.ResolveRefsIn(doc, &url.URL{Path: f}); err != nil {
			t.Fatal(err)
		}
		t2 := time.Now()
		setOperationLines(doc, data)
		t3 := time.Now()
		s := convert(doc)
		t4 := time.Now()
		w := validate(context.Background(), doc)
		t5 := time.Now()
		t.Logf("unmarshal %v resolve %v lines %v convert %v validate %v (%d ops, %d warn)", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3), t5.Sub(t4), len(s.Operations), len(w))
	}
}

func TestZZYaml(t *testing.T) {
	f := os.Getenv("PHASES")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	for _, origin := range []bool{true, false, true, false} {
		t0 := time.Now()
		l := openapi3.NewLoader()
		l.IncludeOrigin = origin
		if _, err := l.LoadFromDataWithPath(data, &url.URL{Path: f}); err != nil {
			t.Fatal(err)
		}
		t.Logf("origin=%v %v", origin, time.Since(t0))
	}
}
