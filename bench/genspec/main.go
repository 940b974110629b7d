// Command genspec writes a synthetic OpenAPI 3.0 description with as many
// operations as asked, each with path, query and JSON body parameters, for
// long-run benchmarks (about ten probes per operation).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
)

func main() {
	n := flag.Int("ops", 10000, "number of operations (half GET, half POST)")
	flag.Parse()
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprint(w, `{"openapi":"3.0.3","info":{"title":"synthetic","version":"1"},"paths":{`)
	for i := range (*n + 1) / 2 {
		if i > 0 {
			fmt.Fprint(w, ",")
		}
		fmt.Fprintf(w, `"/r%d/{id}":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"integer"}}],`, i)
		fmt.Fprintf(w, `"get":{"operationId":"get%d","parameters":[{"name":"limit","in":"query","required":true,"schema":{"type":"integer","maximum":100}}],"responses":{"200":{"description":"ok"},"400":{"$ref":"#/components/responses/Problem"}}},`, i)
		fmt.Fprintf(w, `"post":{"operationId":"post%d","requestBody":{"required":true,"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Item"}}}},"responses":{"201":{"description":"created"},"400":{"$ref":"#/components/responses/Problem"}}}}`, i)
	}
	fmt.Fprint(w, `},"components":{"schemas":{"Item":{"type":"object","required":["name","count"],"properties":{"name":{"type":"string","maxLength":20},"count":{"type":"integer","minimum":0}}},`)
	fmt.Fprint(w, `"Problem":{"type":"object","properties":{"title":{"type":"string"},"status":{"type":"integer"},"detail":{"type":"string"}}}},`)
	fmt.Fprint(w, `"responses":{"Problem":{"description":"bad request","content":{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}}}}}`)
	fmt.Fprintln(w)
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
