//go:build !pprof

package main

// stopProfiles is a no-op unless errprobe is built with -tags pprof.
func stopProfiles() {}

// heapSnapshot is a no-op unless errprobe is built with -tags pprof.
func heapSnapshot() {}
