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

// update records that done of total probes have finished. A run may
// send a few requests of its own beyond the plan (a control sent again to
// notice a change): done never goes past total on screen.
func (p *progress) update(done, total int) {
	done = min(done, total)
	t := p.now()
	if total == 0 || t.Sub(p.start) < progressDelay {
		return
	}
	if p.tty {
		p.bar(t, done, total)
		return
	}
	if step := done * 10 / total; step > p.lastStep || done == total {
		p.lastStep = step
		fmt.Fprintf(p.w, "errprobe: %d/%d probes done (%d%%)\n", done, total, done*100/total)
	}
}

func (p *progress) bar(t time.Time, done, total int) {
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
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d probes", strings.Repeat("#", fill), strings.Repeat(" ", barWidth-fill), done, total)
}
