package openapi

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/getkin/kin-openapi/openapi3"
)

// validationOptions are what errprobe asks kin-openapi's validator for.
var validationOptions = []openapi3.ValidationOption{
	openapi3.DisableExamplesValidation(),
	openapi3.DisableSchemaDefaultsValidation(),
	openapi3.DisableSchemaPatternValidation(),
}

// validate runs the structural validator and keeps what it finds as
// warnings: real descriptions often break a rule that does not matter for
// probing (an invalid example, say), and errprobe must still load them.
func validate(ctx context.Context, doc *openapi3.T) []string {
	if validInParts(ctx, doc, runtime.GOMAXPROCS(0), minPathsInParts) {
		return nil
	}
	err := doc.Validate(ctx, validationOptions...)
	if err == nil {
		return nil
	}
	msg := strings.TrimSpace(err.Error())
	if len(msg) > 300 {
		msg = msg[:300] + "..."
	}
	return []string{msg}
}

// minPathsInParts is the smallest paths object validInParts splits.
const minPathsInParts = 64

// validInParts reports whether doc.Validate would find nothing, running
// the validator on parts of doc on every core. kin-openapi validates the
// schemas under each operation anew (its cycle guard lives for one schema),
// so on descriptions such as Stripe's, whose responses reach most of the
// schemas, validation costs more than the rest of the load; its paths are
// independent of each other but for two checks across them, which are made
// here first (no two templates that could conflict, no operationId used
// twice). The parts are doc without its path items, and, for each slice
// of the paths, a document with those paths, the same version and info,
// and the security schemes. A false result proves nothing: the caller
// runs doc.Validate for its verdict and message, so a description with a
// problem gets exactly the message it always got.
func validInParts(ctx context.Context, doc *openapi3.T, workers, minPaths int) bool {
	if workers < 2 || doc.Paths == nil || doc.Paths.Len() < minPaths {
		return false
	}
	keys := doc.Paths.Keys()
	if !distinctTemplates(keys) || !uniqueOperationIDs(doc.Paths) {
		return false
	}
	rest := *doc
	rest.Paths = openapi3.NewPaths()
	rest.Paths.Extensions = doc.Paths.Extensions
	parts := []*openapi3.T{&rest}
	per := max(8, len(keys)/(4*workers))
	for i := 0; i < len(keys); i += per {
		p := &openapi3.T{OpenAPI: doc.OpenAPI, Info: doc.Info, Paths: openapi3.NewPathsWithCapacity(per)}
		for _, k := range keys[i:min(i+per, len(keys))] {
			p.Paths.Set(k, doc.Paths.Value(k))
		}
		if doc.Components != nil {
			p.Components = &openapi3.Components{SecuritySchemes: doc.Components.SecuritySchemes}
		}
		parts = append(parts, p)
	}
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(workers, len(parts)) {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1)) - 1
				if i >= len(parts) {
					return
				}
				if parts[i].Validate(ctx, validationOptions...) != nil {
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	return !failed.Load()
}

// distinctTemplates reports whether no two templates are the same once
// every {parameter} is blanked: kin-openapi reports two templates that
// differ only in parameter names as conflicting, and it must see both in
// one part to do so. A template with an unclosed brace fails too.
func distinctTemplates(keys []string) bool {
	seen := make(map[string]struct{}, len(keys))
	for _, k := range keys {
		var b strings.Builder
		for {
			i := strings.IndexByte(k, '{')
			if i < 0 {
				b.WriteString(k)
				break
			}
			j := strings.IndexByte(k[i:], '}')
			if j < 0 {
				return false
			}
			b.WriteString(k[:i+1])
			k = k[i+j:]
		}
		if _, dup := seen[b.String()]; dup {
			return false
		}
		seen[b.String()] = struct{}{}
	}
	return true
}

// uniqueOperationIDs reports whether no operationId is used twice.
func uniqueOperationIDs(paths *openapi3.Paths) bool {
	seen := map[string]struct{}{}
	for _, item := range paths.Map() {
		if item == nil {
			continue
		}
		for _, op := range item.Operations() {
			if op == nil || op.OperationID == "" {
				continue
			}
			if _, dup := seen[op.OperationID]; dup {
				return false
			}
			seen[op.OperationID] = struct{}{}
		}
	}
	return true
}
