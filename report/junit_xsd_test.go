package report_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/errprobe/errprobe/internal/testfiles"
	"github.com/errprobe/errprobe/report"
)

// needTool finds a program a test needs. Under ERRPROBE_CI=1 its absence
// fails the test, so CI cannot pass by skipping; elsewhere it skips.
func needTool(t *testing.T, name, install string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("ERRPROBE_CI") == "1" {
		t.Fatalf("%s not found (%s); ERRPROBE_CI=1 requires it", name, install)
	}
	t.Skipf("%s not found (%s)", name, install)
	return ""
}

func TestJUnitMatchesJenkinsXSD(t *testing.T) {
	t.Parallel()
	xmllint := needTool(t, "xmllint", "apt-get install libxml2-utils")
	// The schema Jenkins' xUnit plugin validates JUnit files with.
	jenkinsXSD := testfiles.Path(t, "schemas/junit/jenkins-xunit-junit-10.xsd")
	runs := map[string]*report.Run{"fixture": loadRun(t), "hostile": hostileRun()}
	for i, name := range []string{"pass", "fail", "error", "skip"} {
		runs["fuzz-"+name] = fuzzRun(uint8(i), []byte("]]> <x/> \x00\x1b"), "X-A", "\xff", "d")
	}
	for name, run := range runs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "junit.xml")
			if err := os.WriteFile(path, render(t, variant{"junit", "junit", report.Options{}}, run), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(xmllint, "--noout", "--schema", jenkinsXSD, path).CombinedOutput()
			if err != nil {
				t.Errorf("xmllint --schema %s: %v\n%s", jenkinsXSD, err, out)
			}
		})
	}
}
