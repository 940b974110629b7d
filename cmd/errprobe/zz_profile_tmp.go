//go:build errprobe_profile

package main

import (
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"time"
)

// Temporary profiling hook (perf work, to be removed).
func init() {
	cpu := os.Getenv("EP_CPU")
	if cpu == "" {
		return
	}
	f, _ := os.Create(cpu)
	pprof.StartCPUProfile(f)
	secs, _ := strconv.ParseFloat(os.Getenv("EP_SECS"), 64)
	go func() {
		time.Sleep(time.Duration(secs * float64(time.Second)))
		pprof.StopCPUProfile()
		f.Close()
		if m := os.Getenv("EP_MEM"); m != "" {
			runtime.GC()
			g, _ := os.Create(m)
			pprof.WriteHeapProfile(g)
			g.Close()
		}
		os.Stderr.WriteString("PROFILE WRITTEN\n")
	}()
}
