// Command measure runs a command n times with its output discarded and
// prints the fastest wall time, its CPU time (user+sys) in milliseconds and
// the largest peak RSS in MiB: "wall_ms cpu_ms rss_mib". It stands in for
// /usr/bin/time and hyperfine, which a fresh machine may not have.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	n := flag.Int("n", 1, "runs")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: measure [-n runs] COMMAND [ARG...]")
		os.Exit(2)
	}
	bestWall, bestCPU, rss := time.Duration(1<<62), time.Duration(0), int64(0)
	for range max(*n, 1) {
		cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		if cmd.ProcessState == nil {
			fmt.Fprintln(os.Stderr, "measure:", err)
			os.Exit(1)
		}
		ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		if ru == nil {
			fmt.Fprintln(os.Stderr, "measure: no resource usage on this platform")
			os.Exit(1)
		}
		if wall < bestWall {
			bestWall = wall
			bestCPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
		rss = max(rss, ru.Maxrss) // KiB on Linux
	}
	fmt.Printf("%.1f %.1f %.1f\n", msf(bestWall), msf(bestCPU), float64(rss)/1024)
}

func msf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
