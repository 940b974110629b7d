package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

func FuzzAppendIndent(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `{"a":[1,2,{"b":"x,y:{}"}],"c":{},"d":[],"e":"\"q\\"}`, `"<&>"`, `[[[]],{}]`, `{"k":null,"t":true,"n":-1.5e3}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v any
		if json.Unmarshal(data, &v) != nil {
			return
		}
		var compact bytes.Buffer
		enc := json.NewEncoder(&compact) // escapes HTML as the JSON reporter's encoder does
		if err := enc.Encode(v); err != nil {
			return
		}
		src := bytes.TrimSuffix(compact.Bytes(), []byte("\n"))
		var want bytes.Buffer
		if err := json.Indent(&want, src, "    ", "  "); err != nil {
			t.Fatal(err)
		}
		if got := appendIndent(nil, src, "    ", "  "); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("appendIndent(%s)\n got %s\nwant %s", src, got, want.Bytes())
		}
	})
}
