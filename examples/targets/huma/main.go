// Command huma is an errprobe end-to-end target built with huma v2 on the
// standard library's ServeMux (humago adapter). Huma answers validation
// errors with RFC 9457 application/problem+json; the ServeMux underneath
// answers unknown paths and wrong methods itself, in text/plain. What a
// correct audit reports is argued in EXPECTED.md.
//
//	cd examples/targets/huma && go run . -addr 127.0.0.1:18110
//	cd examples/targets/huma && go run . -export openapi.yaml
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "huma target:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("huma", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:18110", "listen address")
	port := fs.Int("port", 0, "listen on 127.0.0.1:PORT (overrides -addr; the e2e harness passes it)")
	export := fs.String("export", "", "write the OpenAPI description (YAML) to this file and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *port != 0 {
		*addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(*port))
	}
	mux := http.NewServeMux()
	api := newAPI(mux)
	if *export != "" {
		doc, err := api.OpenAPI().YAML()
		if err != nil {
			return err
		}
		return os.WriteFile(*export, doc, 0o644)
	}
	fmt.Printf("listening on http://%s\n", *addr)
	return http.ListenAndServe(*addr, mux)
}

// tokens maps bearer tokens to roles.
var tokens = map[string]string{"admin-token": "admin", "reader-token": "reader"}

// Note is the resource the API serves.
type Note struct {
	ID       int      `json:"id" example:"1"`
	Title    string   `json:"title" minLength:"1" maxLength:"60" example:"Groceries"`
	Body     string   `json:"body,omitempty" maxLength:"500" example:"milk, eggs"`
	Priority int      `json:"priority" minimum:"1" maximum:"5" example:"3"`
	Tags     []string `json:"tags,omitempty" maxItems:"5" example:"[\"home\"]"`
}

// NoteInput is what clients send to create a note.
type NoteInput struct {
	Title    string   `json:"title" minLength:"1" maxLength:"60" example:"Groceries"`
	Body     string   `json:"body,omitempty" maxLength:"500" example:"milk, eggs"`
	Priority int      `json:"priority" minimum:"1" maximum:"5" example:"3"`
	Tags     []string `json:"tags,omitempty" maxItems:"5" example:"[\"home\"]"`
}

type store struct {
	mu    sync.Mutex
	next  int
	notes map[int]Note
}

func newAPI(mux *http.ServeMux) huma.API {
	cfg := huma.DefaultConfig("errprobe huma target", "1.0.0")
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer"},
	}
	api := humago.New(mux, cfg)
	api.UseMiddleware(authMiddleware(api))
	db := &store{next: 4, notes: map[int]Note{
		1: {ID: 1, Title: "Groceries", Priority: 3},
		2: {ID: 2, Title: "Taxes", Priority: 5},
		3: {ID: 3, Title: "Books", Priority: 1},
	}}
	register(api, db)
	return api
}

// authMiddleware enforces the operation's bearer security and its
// x-required-role metadata: 401 with a challenge, or 403.
func authMiddleware(api huma.API) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		op := ctx.Operation()
		if len(op.Security) == 0 {
			next(ctx)
			return
		}
		token, ok := strings.CutPrefix(ctx.Header("Authorization"), "Bearer ")
		role := tokens[strings.TrimSpace(token)]
		if !ok || role == "" {
			ctx.SetHeader("WWW-Authenticate", `Bearer realm="notes"`)
			_ = huma.WriteErr(api, ctx, http.StatusUnauthorized, "missing or invalid bearer token")
			return
		}
		if need, _ := op.Metadata["role"].(string); need != "" && need != role {
			_ = huma.WriteErr(api, ctx, http.StatusForbidden, "the "+need+" role is required")
			return
		}
		next(ctx)
	}
}

var secured = []map[string][]string{{"bearer": {}}}

type idInput struct {
	ID int `path:"id" minimum:"1" maximum:"1000000" example:"1"`
}

type noteOutput struct{ Body Note }

func register(api huma.API, db *store) {
	huma.Register(api, huma.Operation{OperationID: "health", Method: http.MethodGet, Path: "/health"},
		func(ctx context.Context, _ *struct{}) (*struct{ Body map[string]bool }, error) {
			return &struct{ Body map[string]bool }{Body: map[string]bool{"ok": true}}, nil
		})
	huma.Register(api, huma.Operation{OperationID: "list-notes", Method: http.MethodGet, Path: "/notes", Security: secured},
		func(ctx context.Context, in *struct {
			Limit int `query:"limit" minimum:"1" maximum:"100" default:"10" example:"10"`
		}) (*struct{ Body []Note }, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			out := []Note{}
			for id := 1; id < db.next && len(out) < in.Limit; id++ {
				if n, ok := db.notes[id]; ok {
					out = append(out, n)
				}
			}
			return &struct{ Body []Note }{Body: out}, nil
		})
	huma.Register(api, huma.Operation{OperationID: "create-note", Method: http.MethodPost, Path: "/notes", Security: secured,
		DefaultStatus: http.StatusCreated, Metadata: map[string]any{"role": "admin"}},
		func(ctx context.Context, in *struct{ Body NoteInput }) (*noteOutput, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			n := Note{ID: db.next, Title: in.Body.Title, Body: in.Body.Body, Priority: in.Body.Priority, Tags: in.Body.Tags}
			db.notes[n.ID] = n
			db.next++
			return &noteOutput{Body: n}, nil
		})
	huma.Register(api, huma.Operation{OperationID: "get-note", Method: http.MethodGet, Path: "/notes/{id}", Security: secured},
		func(ctx context.Context, in *idInput) (*noteOutput, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			n, ok := db.notes[in.ID]
			if !ok {
				return nil, huma.Error404NotFound("note not found")
			}
			return &noteOutput{Body: n}, nil
		})
	huma.Register(api, huma.Operation{OperationID: "delete-note", Method: http.MethodDelete, Path: "/notes/{id}", Security: secured,
		DefaultStatus: http.StatusNoContent, Metadata: map[string]any{"role": "admin"}},
		func(ctx context.Context, in *struct {
			ID int `path:"id" minimum:"1" maximum:"1000000" example:"3"`
		}) (*struct{}, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			if _, ok := db.notes[in.ID]; !ok {
				return nil, huma.Error404NotFound("note not found")
			}
			delete(db.notes, in.ID)
			return nil, nil
		})
	huma.Register(api, huma.Operation{OperationID: "search-notes", Method: http.MethodGet, Path: "/search", Security: secured},
		func(ctx context.Context, in *struct {
			Q      string `query:"q" required:"true" minLength:"2" maxLength:"40" example:"gro"`
			Tenant string `header:"X-Tenant" required:"true" example:"acme"`
		}) (*struct{ Body []Note }, error) {
			db.mu.Lock()
			defer db.mu.Unlock()
			out := []Note{}
			for id := 1; id < db.next; id++ {
				if n, ok := db.notes[id]; ok && strings.Contains(strings.ToLower(n.Title), strings.ToLower(in.Q)) {
					out = append(out, n)
				}
			}
			return &struct{ Body []Note }{Body: out}, nil
		})
}
