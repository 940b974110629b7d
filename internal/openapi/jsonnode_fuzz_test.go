package openapi

import (
	"encoding/json"
	"testing"
)

// FuzzJSONNodeAnyInput feeds jsonNode arbitrary bytes: Parse builds the tree while
// json.Valid is still checking the input, so jsonNode must survive input
// that is not JSON (an error or a tree that is thrown away), and must
// accept all that is.
func FuzzJSONNodeAnyInput(f *testing.F) {
	for _, s := range []string{
		`{"openapi":"3.0.0","paths":{"/a":{"get":{}}}}`, `{"a":[1,-0,2.5e3,true,null,"\u00e9\\"]}`,
		`{`, `{"a"`, `{"a":}`, `{"a":1,}`, `{"a" 1}`, `[1,2`, `"\`, `{"a":"\q"}`, `{]`, `{"a":[}`, `{,}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := jsonNode(data)
		if json.Valid(data) && err != nil {
			t.Fatalf("valid JSON refused: %v", err)
		}
	})
}
