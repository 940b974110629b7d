// Command gin is a small Gin resource API for errprobe's end-to-end suite,
// written the way Gin's docs show it: gin.Default(), ShouldBindJSON with
// binding tags, c.JSON(400, gin.H{"error": err.Error()}), a token
// middleware. Gin generates no description; the app serves its own,
// openapi.yaml, embedded, at /openapi.yaml. Its own module keeps Gin out of
// errprobe's go.mod.
//
//	go run . --port 18305
package main

import (
	_ "embed"
	"flag"
	"log"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
)

//go:embed openapi.yaml
var description []byte

// item is the resource.
type item struct {
	ID    int      `json:"id"`
	Name  string   `json:"name"`
	Price float64  `json:"price"`
	Tags  []string `json:"tags"`
}

// createItem is the body of POST /items, validated by Gin's binding.
type createItem struct {
	Name  string   `json:"name" binding:"required,max=50"`
	Price *float64 `json:"price" binding:"required,min=0"`
	Tags  []string `json:"tags"`
}

var roles = map[string]string{"admin-token": "admin", "reader-token": "reader"}

type store struct {
	mu    sync.Mutex
	next  int
	items map[int]item
}

func newStore() *store {
	s := &store{items: map[int]item{}}
	for _, n := range []string{"ham", "eggs", "spam"} {
		s.next++
		s.items[s.next] = item{ID: s.next, Name: n, Price: 1.5, Tags: []string{"food"}}
	}
	return s
}

// requireAdmin is a token middleware in the style of Gin's middleware docs.
func requireAdmin(c *gin.Context) {
	scheme, token, _ := strings.Cut(c.GetHeader("Authorization"), " ")
	role, ok := roles[token]
	if scheme != "Bearer" || !ok {
		c.Header("WWW-Authenticate", `Bearer realm="items"`)
		c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "missing or unknown bearer token"})
		return
	}
	if role != "admin" {
		c.AbortWithStatusJSON(http.StatusForbidden, gin.H{"error": "admin role required"})
		return
	}
	c.Next()
}

func (s *store) list(c *gin.Context) {
	// Defect (careless): the error of Atoi is dropped, so limit=abc is 0
	// and answers 200 [] instead of 400.
	limit, _ := strconv.Atoi(c.DefaultQuery("limit", "100"))
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]item, 0, len(s.items))
	for _, it := range s.items {
		out = append(out, it)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if limit < len(out) {
		out = out[:max(limit, 0)]
	}
	c.JSON(http.StatusOK, out)
}

func (s *store) create(c *gin.Context) {
	var req createItem
	if err := c.ShouldBindJSON(&req); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	it := item{ID: s.next, Name: req.Name, Price: *req.Price, Tags: req.Tags}
	if it.Tags == nil {
		it.Tags = []string{}
	}
	s.items[it.ID] = it
	c.JSON(http.StatusCreated, it)
}

func (s *store) get(c *gin.Context) {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "id must be an integer"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		c.JSON(http.StatusNotFound, gin.H{"error": "item not found"})
		return
	}
	c.JSON(http.StatusOK, it)
}

func (s *store) remove(c *gin.Context) {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": "id must be an integer"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.items[id]; !ok {
		c.JSON(http.StatusNotFound, gin.H{"error": "item not found"})
		return
	}
	delete(s.items, id)
	c.Status(http.StatusNoContent)
}

func router() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.Default()
	s := newStore()
	r.GET("/health", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	r.GET("/openapi.yaml", func(c *gin.Context) { c.Data(http.StatusOK, "application/yaml", description) })
	r.GET("/items", s.list)
	r.POST("/items", requireAdmin, s.create)
	r.GET("/items/:id", s.get)
	r.DELETE("/items/:id", requireAdmin, s.remove)
	return r
}

func main() {
	port := flag.Int("port", 8080, "port to listen on (127.0.0.1)")
	flag.Parse()
	log.Fatal(router().Run("127.0.0.1:" + strconv.Itoa(*port)))
}
