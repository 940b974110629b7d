//go:build pprof

package main

import (
	"os"
	"runtime"
	"runtime/pprof"
)

// Built with -tags pprof, errprobe writes a CPU profile to
// $ERRPROBE_CPUPROFILE and a heap profile (taken once the results are built,
// before the reports are written) to $ERRPROBE_MEMPROFILE: how docs/performance.md's profiles
// of whole runs are taken.
var cpuFile *os.File

func init() {
	if p := os.Getenv("ERRPROBE_CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			panic(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			panic(err)
		}
		cpuFile = f
	}
}

func stopProfiles() {
	if cpuFile != nil {
		pprof.StopCPUProfile()
		cpuFile.Close()
	}
}

// heapSnapshot writes the heap profile to $ERRPROBE_MEMPROFILE, called once
// the results are built and before reports are written.
func heapSnapshot() {
	if p := os.Getenv("ERRPROBE_MEMPROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			return
		}
		defer f.Close()
		runtime.GC()
		_ = pprof.Lookup("heap").WriteTo(f, 0)
	}
}
