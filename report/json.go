package report

import (
	"encoding/json"
	"io"
)

// JSON writes the run as the versioned JSON report (schemas/report.schema.json).
type JSON struct{}

// Report implements Reporter.
func (JSON) Report(w io.Writer, run *Run) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(run)
}
