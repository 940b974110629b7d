package report

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// TestJSONStreamsWholeEncoding checks that the result-at-a-time JSON report
// is byte for byte the indented encoding of the whole run.
func TestJSONStreamsWholeEncoding(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/run.json")
	if err != nil {
		t.Fatal(err)
	}
	var full Run
	if err := json.Unmarshal(data, &full); err != nil {
		t.Fatal(err)
	}
	tests := map[string]*Run{
		"full":        &full,
		"one result":  {SchemaVersion: SchemaVersion, Results: full.Results[:1]},
		"no results":  {SchemaVersion: SchemaVersion, Results: []Result{}},
		"nil results": {SchemaVersion: SchemaVersion},
	}
	for name, run := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var want, got bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetIndent("", "  ")
			if err := enc.Encode(run); err != nil {
				t.Fatal(err)
			}
			if err := (JSON{}).Report(&got, run); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want.Bytes(), got.Bytes()) {
				t.Errorf("streamed report differs from the whole encoding:\n%s\nwant:\n%s", got.String(), want.String())
			}
		})
	}
}
