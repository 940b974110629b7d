// Command goclient is the floor of errprobe's own transport: Go's net/http
// client at a fixed concurrency, sending requests and reading the bodies,
// nothing else. errprobe's throughput divided by this is how close the
// probe engine gets to the client it is built on; divided by wrk's, how
// close to the limit. With -replay it sends the requests of an errprobe
// JSON report (the same mix errprobe sent), otherwise GET -url.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/errprobe/errprobe/report"
)

type request struct {
	method, url string
	header      http.Header
	body        []byte
}

func main() {
	target := flag.String("url", "http://127.0.0.1:8089/", "target URL (with -replay: its scheme and host are used)")
	c := flag.Int("c", 8, "concurrent connections")
	d := flag.Duration("d", 5*time.Second, "duration")
	replay := flag.String("replay", "", "errprobe JSON report whose requests to send")
	flag.Parse()

	reqs := []request{{method: http.MethodGet, url: *target}}
	if *replay != "" {
		var err error
		if reqs, err = load(*replay, *target); err != nil {
			log.Fatal(err)
		}
	}
	tr := &http.Transport{MaxIdleConnsPerHost: *c, MaxConnsPerHost: *c, DisableCompression: true}
	client := &http.Client{Transport: tr}
	ctx, cancel := context.WithTimeout(context.Background(), *d)
	defer cancel()
	var n, next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range *c {
		wg.Go(func() {
			for ctx.Err() == nil {
				r := reqs[int(next.Add(1)-1)%len(reqs)]
				req, err := http.NewRequestWithContext(ctx, r.method, r.url, bytes.NewReader(r.body))
				if err != nil {
					log.Fatal(err)
				}
				req.Header = r.header
				resp, err := client.Do(req)
				if err != nil {
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				n.Add(1)
			}
		})
	}
	wg.Wait()
	fmt.Printf("Requests/sec: %.0f\n", float64(n.Load())/time.Since(start).Seconds())
}

// load reads the answered requests of an errprobe JSON report, pointed at
// target's scheme and host.
func load(path, target string) ([]request, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rep report.Run
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	base, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	var out []request
	for _, res := range rep.Results {
		if res.Outcome == report.OutcomeSkip || res.Outcome == report.OutcomeError {
			continue
		}
		q := res.Request
		u, err := url.Parse(q.URL)
		if err != nil {
			return nil, err
		}
		u.Scheme, u.Host = base.Scheme, base.Host
		h := http.Header{}
		for k, v := range q.Headers {
			h[k] = []string{v}
		}
		var body []byte
		if q.Body != "" {
			body = []byte(q.Body)
		}
		out = append(out, request{method: q.Method, url: u.String(), header: h, body: body})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no answered requests to replay", path)
	}
	return out, nil
}
