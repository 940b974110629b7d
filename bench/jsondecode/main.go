// Command jsondecode prints how long encoding/json takes to decode a file
// into an empty interface: the floor for loading a description.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"go.yaml.in/yaml/v4"
)

func main() {
	runs := flag.Int("n", 3, "decode this many times and print the fastest")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: jsondecode [-n runs] FILE")
		os.Exit(2)
	}
	data, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	best := time.Duration(1 << 62)
	for range max(*runs, 1) {
		start := time.Now()
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			// YAML descriptions: the floor is a YAML decode.
			if err := yaml.Unmarshal(data, &v); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
		best = min(best, time.Since(start))
	}
	fmt.Printf("%.1f\n", float64(best.Microseconds())/1000)
}
