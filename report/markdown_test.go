package report_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/errprobe/errprobe/report"
)

func TestMarkdownIsCappedWithANote(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ops  int
		cut  bool
	}{
		{"small run whole", 3, false},
		{"large run cut", 600, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			run := &report.Run{FailOn: "error", Complete: true}
			for i := range tt.ops {
				op := fmt.Sprintf("GET /things%d", i)
				run.Results = append(run.Results, answer(fmt.Sprintf("auth-missing:%s", op), "auth-missing", "forbidden", op, 500+i%10,
					"text/html", strings.Repeat("<p>stack frame</p>", 20), nil, "server-error", "error-content-type"))
			}
			run.Finish()
			out := string(render(t, variant{"markdown", "markdown", report.Options{}}, run))
			n := utf8.RuneCountInString(out)
			if n > report.MarkdownLimit {
				t.Errorf("%d characters, over the %d limit", n, report.MarkdownLimit)
			}
			if got := strings.Contains(out, "Cut to fit 65536 characters:"); got != tt.cut {
				t.Errorf("cut note present %v, want %v", got, tt.cut)
			}
			if !strings.Contains(out, "#### 1. ") || strings.Index(out, "#### 1. ") > strings.Index(out, "Failing operations") && strings.Contains(out, "Failing operations") {
				t.Errorf("causes do not come first")
			}
			if strings.Count(out, "<details>") != strings.Count(out, "</details>") || strings.Count(out, "```")%2 != 0 {
				t.Errorf("a block was cut in the middle")
			}
		})
	}
}
