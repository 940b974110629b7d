package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress shows how far a run is once it has taken longer than a second:
// a redrawn bar on a terminal, a plain line per tenth of the probes in a
// CI log. It is called from the one goroutine that collects results.
type progress struct {
	w        io.Writer
	tty      bool
	now      func() time.Time
	start    time.Time
	last     time.Time
	lastStep int
	drawn    bool
}

const (
	progressDelay = time.Second
	redrawEvery   = 100 * time.Millisecond
	barWidth      = 30
)

func newProgress(w io.Writer, tty bool, now func() time.Time) *progress {
	return &progress{w: w, tty: tty, now: now, start: now()}
}

// update records that done of total probes have finished and how many
// distinct causes fail so far. A run may send a few requests of its own
// beyond the plan (a control sent again to notice a change): done never
// goes past total on screen.
func (p *progress) update(done, total, failing int) {
	done = min(done, total)
	t := p.now()
	if total == 0 || t.Sub(p.start) < progressDelay {
		return
	}
	if p.tty {
		p.bar(t, done, total, failing)
		return
	}
	if step := done * 10 / total; step > p.lastStep || done == total {
		p.lastStep = step
		fmt.Fprintf(p.w, "errprobe: %d/%d requests done (%d%%), %s%s\n", done, total, done*100/total, p.timing(t, done, total), failingSoFar(failing))
	}
}

// timing is the time elapsed and, before the end, an estimate of what is
// left from the pace so far.
func (p *progress) timing(t time.Time, done, total int) string {
	elapsed := t.Sub(p.start)
	s := elapsed.Round(time.Second).String() + " elapsed"
	if done > 0 && done < total {
		left := time.Duration(float64(elapsed) / float64(done) * float64(total-done))
		s += ", about " + left.Round(time.Second).String() + " left"
	}
	return s
}

func failingSoFar(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return ", 1 failing cause so far"
	}
	return fmt.Sprintf(", %d failing causes so far", n)
}

func (p *progress) bar(t time.Time, done, total, failing int) {
	if done == total {
		if p.drawn {
			fmt.Fprint(p.w, "\r\033[K")
		}
		return
	}
	if t.Sub(p.last) < redrawEvery {
		return
	}
	p.last, p.drawn = t, true
	fill := done * barWidth / total
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d requests, %s%s\033[K", strings.Repeat("#", fill), strings.Repeat(" ", barWidth-fill), done, total, p.timing(t, done, total), failingSoFar(failing))
}
