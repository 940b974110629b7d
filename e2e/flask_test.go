//go:build e2e

package e2e

import (
	"path/filepath"
	"testing"
)

const flaskDir = "examples/targets/flask"

const flaskHint = "The Flask targets need Debian's python3-flask (apt-get install python3-flask) for /usr/bin/python3."

func flaskTarget(name, script string) target {
	return target{
		Name:      name,
		Dir:       flaskDir,
		Command:   []string{"/usr/bin/python3", script},
		Preflight: []string{"/usr/bin/python3", "-c", "import flask"},
		Hint:      flaskHint,
		ReadyPath: "/health",
	}
}

func TestFlaskCareful(t *testing.T) {
	t.Parallel()
	auditTarget(t, flaskTarget("flask-careful", "careful.py"))
}

func TestFlaskCareless(t *testing.T) {
	t.Parallel()
	auditTarget(t, flaskTarget("flask-careless", "careless.py"))
}

// auditTarget starts a fresh target (audits change its data), audits it
// with the flags in its expected.json and scores the report.
func auditTarget(t *testing.T, tg target) {
	t.Helper()
	e, err := loadExpectation(filepath.Join(moduleRoot, tg.Dir, "expected.json"), tg.Name)
	if err != nil {
		t.Fatal(err)
	}
	srv := startTarget(t, tg)
	a := runAudit(t, srv.Dir, srv.URL, e.Flags)
	compare(e, a).report(t, a)
}
