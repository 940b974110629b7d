package checks

import (
	"bytes"
	"fmt"
	"mime"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"sort"
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
)

// Form bodies (multipart/form-data, application/x-www-form-urlencoded)
// are sent as forms: one field per sampled property, file parts for
// binary strings. A JSON sample written as "errprobe" under a form media
// type is a request no server can read.

const (
	formMultipart  = "multipart/form-data"
	formURLEncoded = "application/x-www-form-urlencoded"
	// sampleFileName and sampleFileType label the file parts sent for
	// binary properties; the content is the property's sample value.
	sampleFileName = "errprobe.txt"
	sampleFileType = "text/plain"
)

// formMedia returns the form media type of mediaType (parameters
// dropped), or "" when it is not a form.
func formMedia(mediaType string) string {
	mt, _, err := mime.ParseMediaType(mediaType)
	if err != nil {
		return ""
	}
	if mt == formMultipart || mt == formURLEncoded {
		return mt
	}
	return ""
}

// formField is one field of a form body.
type formField struct {
	name, value string
	file        bool
}

// formFields lists the fields of a sampled form body in name order: an
// array gives one field per item, an object its JSON text.
func formFields(s *openapi.Schema, sample any) []formField {
	obj, ok := sample.(map[string]any)
	if !ok {
		return nil
	}
	s = s.Merged()
	names := make([]string, 0, len(obj))
	for k := range obj {
		names = append(names, k)
	}
	sort.Strings(names)
	var out []formField
	for _, name := range names {
		var prop *openapi.Schema
		if s != nil {
			prop = s.Properties[name]
		}
		if items, ok := obj[name].([]any); ok {
			var item *openapi.Schema
			if prop != nil {
				item = prop.Items
			}
			for _, v := range items {
				out = append(out, formField{name, ParamString(v), isBinary(item)})
			}
			continue
		}
		out = append(out, formField{name, ParamString(obj[name]), isBinary(prop)})
	}
	return out
}

// isBinary reports whether s is a file: a binary string (Swagger 2.0's
// type file converts to one).
func isBinary(s *openapi.Schema) bool {
	return s != nil && s.Type() == "string" && s.Format == "binary"
}

// encodeForm renders fields as media, a form media type; declared is the
// operation's media type (kept, with a boundary added for multipart).
func encodeForm(media, declared, boundary string, fields []formField) (body []byte, ctype string) {
	if media == formURLEncoded {
		parts := make([]string, len(fields))
		for i, f := range fields {
			parts[i] = url.QueryEscape(f.name) + "=" + url.QueryEscape(f.value)
		}
		return []byte(strings.Join(parts, "&")), declared
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := w.SetBoundary(boundary); err != nil {
		panic(err) // boundaries are errprobe's own tokens
	}
	for _, f := range fields {
		h := textproto.MIMEHeader{}
		if f.file {
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, f.name, sampleFileName))
			h.Set("Content-Type", sampleFileType)
		} else {
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q`, f.name))
		}
		part, _ := w.CreatePart(h) // writes to a bytes.Buffer do not fail
		part.Write([]byte(f.value))
	}
	w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

// formBoundary is the multipart boundary of op's bodies: the same in every
// probe of the operation and every run with the same seed.
func (g *Gen) formBoundary(op *openapi.Operation) string {
	return "errprobe-" + g.token("boundary "+op.Key())
}

// sampleForm returns op's valid form body and its Content-Type.
func (g *Gen) sampleForm(op *openapi.Operation, media string) ([]byte, string) {
	return encodeForm(media, op.Body.ContentType, g.formBoundary(op), formFields(op.Body.Schema, g.sampleBody(op)))
}

// missingFormFields leaves out, in turn, each required field of a form
// body (every part of it, for an array).
func missingFormFields(g *Gen, c Check) []Probe {
	var out []Probe
	for _, op := range g.Spec.Operations {
		if op.Body == nil || op.Body.Schema == nil {
			continue
		}
		media := formMedia(op.Body.ContentType)
		if media == "" {
			continue
		}
		fields := formFields(op.Body.Schema, g.sampleBody(op))
		s := op.Body.Schema.Merged()
		done := map[string]bool{}
		for _, f := range fields {
			if done[f.name] || !s.IsRequired(f.name) || len(done) >= maxFieldProbes {
				continue
			}
			done[f.name] = true
			kept := make([]formField, 0, len(fields))
			for _, k := range fields {
				if k.name != f.name {
					kept = append(kept, k)
				}
			}
			b := g.newBuild(op)
			b.body, b.ctype = encodeForm(media, op.Body.ContentType, g.formBoundary(op), kept)
			desc := fmt.Sprintf("leave out required form field %q", f.name)
			out = append(out, probe(c, op, f.name, desc, b.request(""), expect(op, classValidation)))
		}
	}
	return out
}
