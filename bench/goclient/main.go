// Command goclient is the floor of errprobe's own transport: Go's net/http
// client at a fixed concurrency, sending GET and reading the body, nothing
// else. errprobe's throughput divided by this is how close the probe engine
// gets to the client it is built on; divided by wrk's, how close to the limit.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8089/", "target URL")
	c := flag.Int("c", 8, "concurrent connections")
	d := flag.Duration("d", 5*time.Second, "duration")
	flag.Parse()

	tr := &http.Transport{MaxIdleConnsPerHost: *c, MaxConnsPerHost: *c, DisableCompression: true}
	client := &http.Client{Transport: tr}
	ctx, cancel := context.WithTimeout(context.Background(), *d)
	defer cancel()
	var n atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range *c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
				if err != nil {
					log.Fatal(err)
				}
				resp, err := client.Do(req)
				if err != nil {
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	fmt.Printf("Requests/sec: %.0f\n", float64(n.Load())/time.Since(start).Seconds())
}
