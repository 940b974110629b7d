package report

import (
	"path/filepath"
	"strings"
)

// BodyFile is a request body moved out of a long curl line into a file
// beside the reports; cmd writes it.
type BodyFile struct {
	// Path is where the file goes, as the curl line names it.
	Path string
	Body string
}

// MoveLongBodies rewrites every cause's example curl line longer than the
// terminal shows (300 characters) so that curl reads the body from
// dir/FINGERPRINT.body (--data-binary @FILE), and returns the files to
// write. A line whose body is not its last, exact part (a body cut for the
// report) is left as it is; the terminal then cuts it with a note.
func (r *Run) MoveLongBodies(dir string) []BodyFile {
	byID := make(map[string]int, len(r.Results))
	for i, res := range r.Results {
		byID[res.ID] = i
	}
	var out []BodyFile
	for i := range r.Causes {
		c := &r.Causes[i]
		k, ok := byID[c.Example.Probe]
		if !ok || len([]rune(c.Example.Curl)) <= maxCurl {
			continue
		}
		body := r.Results[k].Request.Body
		if body == "" {
			continue
		}
		var q strings.Builder
		writeQuoted(&q, body)
		suffix := " --data-binary " + q.String()
		if !strings.HasSuffix(c.Example.Curl, suffix) {
			continue
		}
		path := filepath.ToSlash(filepath.Join(dir, c.Fingerprint+".body"))
		var at strings.Builder
		writeQuoted(&at, "@"+path)
		c.Example.Curl = strings.TrimSuffix(c.Example.Curl, suffix) + " --data-binary " + at.String()
		out = append(out, BodyFile{Path: path, Body: body})
	}
	return out
}
