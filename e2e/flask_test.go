//go:build e2e

package e2e

import (
	"path/filepath"
	"strings"
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

// TestFlaskPatterns: a Flask app built from the common error-handling
// patterns, with a catch-all Exception handler that turns every 405 into a
// 500 and 403 for missing credentials. Both are causes in a terminal
// report of at most 60 lines, each with its Flask fix (the Server banner
// names Werkzeug).
func TestFlaskPatterns(t *testing.T) {
	t.Parallel()
	tg := flaskTarget("flask-patterns", "app.py")
	tg.Dir = "examples/targets/flask-patterns"
	a := auditTarget(t, tg)
	if n := strings.Count(a.Stdout, "\n"); n > 60 {
		t.Errorf("the terminal report has %d lines, want at most 60:\n%s", n, a.Stdout)
	}
	for _, want := range []string{
		"server-error · ", "fix (flask): Register @app.errorhandler(HTTPException)",
		"status-expected · ", "got 403 Forbidden; expected 401", "fix (flask): abort() with the right code: 401 with WWW-Authenticate",
	} {
		if !strings.Contains(a.Stdout, want) {
			t.Errorf("the terminal report lacks %q:\n%s", want, a.Stdout)
		}
	}
}

// auditTarget starts a fresh target (audits change its data), audits it
// with the flags in its expected.json, scores the report and returns the
// audit.
func auditTarget(t *testing.T, tg target) audit {
	t.Helper()
	e, err := loadExpectation(filepath.Join(moduleRoot, tg.Dir, "expected.json"), tg.Name)
	if err != nil {
		t.Fatal(err)
	}
	srv := startTarget(t, tg)
	a := runAudit(t, srv.Dir, srv.URL, e.Flags)
	compare(e, a).report(t, a)
	return a
}
