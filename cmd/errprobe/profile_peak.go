//go:build pprof

package main

import (
	"fmt"
	"os"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// With $ERRPROBE_PEAKPROFILE set, a pprof build watches the live heap after
// each collection and, whenever it reaches a new high, writes the heap
// profile (of that collection) to the file and the goroutine stacks to
// FILE.goroutines, so the profile shows what is live at the run's peak and
// the stacks show which phase the run was in. $ERRPROBE_MEMTRACE set to a
// file logs the live heap after every collection with the time since start.
// $ERRPROBE_PEAKAFTER (a duration) ignores the collections before it, to
// see the peak of a later phase.
func init() {
	peak, trace := os.Getenv("ERRPROBE_PEAKPROFILE"), os.Getenv("ERRPROBE_MEMTRACE")
	if peak == "" && trace == "" {
		return
	}
	var log *os.File
	if trace != "" {
		log, _ = os.Create(trace)
	}
	after, _ := time.ParseDuration(os.Getenv("ERRPROBE_PEAKAFTER"))
	go watchPeak(peak, log, after)
}

func watchPeak(peak string, log *os.File, after time.Duration) {
	start := time.Now()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
	var high, cycles uint64
	for range time.Tick(20 * time.Millisecond) {
		metrics.Read(s)
		live, n := s[0].Value.Uint64(), s[1].Value.Uint64()
		if n == cycles {
			continue
		}
		cycles = n
		if log != nil {
			fmt.Fprintf(log, "%7.2fs gc %d live %.1f MB\n", time.Since(start).Seconds(), n, float64(live)/1e6)
		}
		if peak == "" || live <= high || time.Since(start) < after {
			continue
		}
		high = live
		if f, err := os.Create(peak); err == nil {
			_ = pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		}
		if f, err := os.Create(peak + ".goroutines"); err == nil {
			fmt.Fprintf(f, "live %.1f MB at %.2fs, gc %d\n", float64(live)/1e6, time.Since(start).Seconds(), n)
			_ = pprof.Lookup("goroutine").WriteTo(f, 1)
			f.Close()
		}
	}
}
