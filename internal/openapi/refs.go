package openapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// errRefRefused marks a $ref errprobe would not follow.
var errRefRefused = errors.New("$ref not followed")

// refReader is how the loader reads the files and URLs $refs name. Local
// files are read only from the folder of the description (dir, "" for a
// description that is not a local file) and below it: a path that climbs
// out with "..", an absolute path elsewhere and a symbolic link that leads
// out are refused before anything is read, so no message can show their
// content. URLs are fetched only when network is true.
func refReader(dir string, network bool, client *http.Client) openapi3.ReadFromURIFunc {
	return func(loader *openapi3.Loader, loc *url.URL) ([]byte, error) {
		ctx := loader.Context
		if ctx == nil {
			ctx = context.Background()
		}
		return readRef(ctx, dir, network, client, loc)
	}
}

// readRef reads the file or URL loc a $ref names, under refReader's rules.
func readRef(ctx context.Context, dir string, network bool, client *http.Client, loc *url.URL) ([]byte, error) {
	switch loc.Scheme {
	case "http", "https":
		if !network {
			return nil, fmt.Errorf("%w: %q is an external reference on the network; give --allow-external-refs to fetch it", errRefRefused, loc.Redacted())
		}
		return fetchRef(ctx, client, loc)
	case "", "file":
		return readConfined(dir, loc.Path)
	}
	return nil, fmt.Errorf("%w: %q: unsupported scheme", errRefRefused, loc.Redacted())
}

// fetchRef gets a $ref's URL, capped as a description is.
func fetchRef(ctx context.Context, client *http.Client, loc *url.URL) ([]byte, error) {
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, loc.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %v", loc.Redacted(), redactURLError(err, loc.String(), loc.Redacted()))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetching %s: HTTP %d", loc.Redacted(), resp.StatusCode)
	}
	return readCapped(resp.Body, 0)
}

// readConfined reads path if it lies inside dir. os.Root refuses any path
// that resolves outside dir, through ".." or a symbolic link.
func readConfined(dir, path string) ([]byte, error) {
	if dir == "" {
		return nil, fmt.Errorf("%w: %q: a description that is not a local file may not name local files", errRefRefused, path)
	}
	// The loader joins a $ref to the description's own path, which may be
	// relative to the working directory.
	abs, err := filepath.Abs(filepath.FromSlash(path))
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %v", errRefRefused, path, err)
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return nil, fmt.Errorf("%w: %q is outside the description's folder %s", errRefRefused, path, dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errRefRefused, err)
	}
	defer root.Close()
	f, err := root.Open(rel)
	if err != nil {
		if strings.Contains(err.Error(), "escapes") {
			return nil, fmt.Errorf("%w: %q leads outside the description's folder %s", errRefRefused, filepath.ToSlash(rel), dir)
		}
		return nil, fmt.Errorf("%w: %q: %v", errRefRefused, filepath.ToSlash(rel), errors.Unwrap(err))
	}
	defer f.Close()
	return readCapped(io.Reader(f), 0)
}

// refDir is the folder local $refs of the description called name may be
// read from: its own folder, or "" when it is not a local file.
func refDir(name string) string {
	if u, err := url.Parse(name); err == nil && len(u.Scheme) > 1 {
		return ""
	}
	abs, err := filepath.Abs(filepath.Dir(name))
	if err != nil {
		return ""
	}
	return abs
}
