package checks

import (
	"path"
	"reflect"
	"testing"

	"github.com/errprobe/errprobe/internal/testfiles"
)

// TestMemoMatchesUncached runs every check on descriptions from the
// repository's testdata/specs with the memo Plan uses, with the name index
// a repair uses (NewNameIndex) and with neither, and requires the same
// probes.
func TestMemoMatchesUncached(t *testing.T) {
	t.Parallel()
	for _, spec := range []string{
		"specs/swagger-petstore3/openapi.yaml",
		"specs/oai/v3.0/uspto.json",
		"specs/stripe/spec3.json",
	} {
		t.Run(path.Base(spec), func(t *testing.T) {
			t.Parallel()
			if testing.Short() && path.Base(spec) == "spec3.json" {
				t.Skip("large description")
			}
			g := &Gen{Spec: loadSpec(t, testfiles.Path(t, spec)), Seed: 1, HasLowIdentity: true,
				LowMethods: []string{"POST", "PUT", "PATCH", "DELETE"}, AuthHeader: "Authorization"}
			for _, p := range g.Spec.Paths {
				g.AllPaths = append(g.AllPaths, p.Template)
			}
			memo := *g
			memo.memo = newGenMemo(&memo)
			named := *g // as a repair's Gen: no memo, the name index given
			named.Names = g.NewNameIndex()
			for _, c := range All() {
				want, wantErr := safeProbes(c, g)
				got, gotErr := safeProbes(c, &memo)
				if !reflect.DeepEqual(want, got) || (wantErr == nil) != (gotErr == nil) {
					t.Errorf("%s: probes differ with the memo", c.Meta().ID)
				}
				got, gotErr = safeProbes(c, &named)
				if !reflect.DeepEqual(want, got) || (wantErr == nil) != (gotErr == nil) {
					t.Errorf("%s: probes differ with the name index", c.Meta().ID)
				}
			}
		})
	}
}
