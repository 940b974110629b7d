package checks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/internal/testfiles"
)

// descriptions lists every OpenAPI description the repository's tests use:
// the public ones under testdata/specs and the repository's own examples
// and test data.
func descriptions(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, name := range testfiles.Specs(t) {
		files = append(files, testfiles.Path(t, name))
	}
	for _, root := range []string{"testdata/specs", "../examples", "../internal", "../cmd/errprobe/testdata"} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "configs") {
				return filepath.SkipDir
			}
			switch filepath.Ext(path) {
			case ".json", ".yaml", ".yml":
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// needsProbes reports whether a client can get something wrong calling op.
func needsProbes(op *openapi.Operation) bool {
	if op.Body != nil || op.Secured() {
		return true
	}
	for _, p := range op.Parameters {
		if p.In == "path" || p.Required {
			return true
		}
	}
	return false
}

// TestEveryOperationProbed plans every description and lists the
// operations with something to get wrong that no probe of their own tests.
func TestEveryOperationProbed(t *testing.T) {
	t.Parallel()
	for _, path := range descriptions(t) {
		spec, err := openapi.Load(t.Context(), path, openapi.Options{})
		if err != nil || len(spec.Operations) == 0 {
			continue // not a description, a broken one on purpose, or only webhooks
		}
		t.Run(strings.TrimPrefix(path, "../"), func(t *testing.T) {
			t.Parallel()
			if testing.Short() && len(spec.Operations) > 200 {
				t.Skip("large description")
			}
			probes, warnings := Plan(&Gen{Spec: spec, Seed: 1}, Filter{})
			if len(warnings) > 0 {
				t.Errorf("warnings: %v", warnings)
			}
			own := map[*openapi.Operation]int{}
			for _, p := range probes {
				if IsControl(p) {
					continue // the valid request probes nothing
				}
				own[p.Op]++
			}
			var missed []string
			for _, op := range spec.Operations {
				if needsProbes(op) && own[op] == 0 {
					missed = append(missed, op.Key())
				}
			}
			if len(missed) > 0 {
				t.Errorf("%d operations without a probe of their own:\n%s", len(missed), strings.Join(missed, "\n"))
			}
		})
	}
}
