package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// JSON writes the run as the versioned JSON report (schemas/report.schema.json).
type JSON struct{}

// resultsField is the results member of the indented run with no results.
var resultsField = []byte("\n  \"results\": []")

// Report implements Reporter. Results are encoded one at a time, so a long
// run is never held in memory a second time as one JSON document; the
// bytes are those of encoding the whole run with two-space indentation.
func (JSON) Report(w io.Writer, run *Run) error {
	if run.Results == nil { // "results": null
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(run)
	}
	head := *run
	head.Results = []Result{}
	doc, err := json.MarshalIndent(&head, "", "  ")
	if err != nil {
		return err
	}
	at := bytes.Index(doc, resultsField)
	if at < 0 {
		return errors.New("json report: results member not found")
	}
	cut := at + len(resultsField) - 1 // before the closing bracket
	// bufio keeps the first write error and Flush returns it.
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(doc[:cut])
	// Each result is encoded compactly and indented by appendIndent:
	// the same bytes as the encoder's own indentation, at a fraction of
	// its cost.
	var buf bytes.Buffer
	var out []byte
	enc := json.NewEncoder(&buf)
	for i := range run.Results {
		buf.Reset()
		full := run.Results[i].plain()
		if err := enc.Encode(&full); err != nil {
			return err
		}
		sep := ",\n    "
		if i == 0 {
			sep = "\n    "
		}
		bw.WriteString(sep)
		out = appendIndent(out[:0], bytes.TrimSuffix(buf.Bytes(), []byte("\n")), "    ", "  ")
		bw.Write(out)
	}
	if len(run.Results) > 0 {
		bw.WriteString("\n  ")
	}
	bw.Write(doc[cut:])
	bw.WriteByte('\n')
	return bw.Flush()
}
