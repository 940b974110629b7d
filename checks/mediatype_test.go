package checks

import (
	"mime"
	"testing"
)

var mediaTypes = []string{
	"application/json", "application/problem+json", "text/html; charset=utf-8", "Application/JSON",
	"application/json ", " application/json", "application/", "/json", "application", "", "a/b/c",
	"application/vnd.api+json", "text/plain;charset=klingon", "application/json;", "x/y z", "ä/b",
	"application/(json)", "multipart/form-data; boundary=x", "*/*", "application/x-www-form-urlencoded",
}

// FuzzMediaType: mediaType is mime.ParseMediaType's media type.
func FuzzMediaType(f *testing.F) {
	for _, ct := range mediaTypes {
		f.Add(ct)
	}
	f.Fuzz(func(t *testing.T, ct string) {
		want, _, _ := mime.ParseMediaType(ct)
		if got := mediaType(ct); got != want {
			t.Fatalf("mediaType(%q) = %q, mime.ParseMediaType says %q", ct, got, want)
		}
	})
}
