package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		tty     bool
		elapsed time.Duration // between updates
		want    []string
		wantNot []string
	}{
		{"fast runs print nothing", false, time.Millisecond, nil, []string{"requests"}},
		{"plain lines in a log", false, 200 * time.Millisecond, []string{"errprobe: 10/10 requests done (100%), 2s elapsed, 2 failing causes so far\n",
			"errprobe: 5/10 requests done (50%), 1s elapsed, about 1s left, 2 failing causes so far\n"}, []string{"\r", "\033"}},
		{"a bar on a terminal", true, 200 * time.Millisecond, []string{"\r[", "] 9/10 requests, 2s elapsed, about 0s left, 2 failing causes so far", "\r\033[K"}, []string{"\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			now := time.Unix(0, 0)
			p := newProgress(&out, tt.tty, func() time.Time { return now })
			for done := 1; done <= 10; done++ {
				now = now.Add(tt.elapsed)
				p.update(done, 10, 2)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output %q lacks %q", out.String(), w)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(out.String(), w) {
					t.Errorf("output %q has %q", out.String(), w)
				}
			}
		})
	}
}

// A run's own requests (a control sent again) may finish beyond the plan's
// count: the bar stays full, never longer.
func TestProgressBeyondTotal(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	now := time.Unix(0, 0)
	p := newProgress(&out, true, func() time.Time { return now })
	for done := 1; done <= 12; done++ {
		now = now.Add(200 * time.Millisecond)
		p.update(done, 10, 0)
	}
	if strings.Contains(out.String(), "11/10") || strings.Contains(out.String(), "12/10") {
		t.Errorf("output %q counts past the total", out.String())
	}
}
