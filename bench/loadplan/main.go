// Command loadplan loads a description and plans its probes, timing each
// phase; with -cpuprofile or -memprofile it writes pprof profiles, which is
// how the load and plan figures in docs/performance.md were investigated.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/errprobe/errprobe/internal/audit"
	"github.com/errprobe/errprobe/internal/openapi"
)

func main() {
	cpu := flag.String("cpuprofile", "", "write a CPU profile to this file")
	mem := flag.String("memprofile", "", "write a heap profile to this file after planning")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: loadplan [-cpuprofile F] [-memprofile F] SPEC")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *cpu, *mem); err != nil {
		fmt.Fprintln(os.Stderr, "loadplan:", err)
		os.Exit(1)
	}
}

func run(spec, cpu, mem string) error {
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	s, err := openapi.Load(context.Background(), spec, openapi.Options{})
	if err != nil {
		return err
	}
	loaded := time.Now()
	probes, _ := audit.Plan(&audit.Config{Spec: s, Seed: 1})
	planned := time.Now()
	fmt.Printf("load %.1f ms, plan %.1f ms, %d operations, %d probes\n",
		ms(loaded.Sub(start)), ms(planned.Sub(loaded)), len(s.Operations), len(probes))
	if mem != "" {
		runtime.GC()
		f, err := os.Create(mem)
		if err != nil {
			return err
		}
		defer f.Close()
		return pprof.WriteHeapProfile(f)
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
