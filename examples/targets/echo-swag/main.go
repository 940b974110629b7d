// Command echo-swag is a small notes API as a team writes it with Echo v4
// and swaggo annotations: the Swagger 2.0 description is generated from the
// annotations by the swag CLI (docs/swagger.json, `go generate`) and served
// as a committed file at /swagger/doc.json. Errors go through Echo's default
// HTTP error handler ({"message": "..."}), with two slips a careless team
// ships (see EXPECTED.md). Its own module keeps Echo out of errprobe's
// go.mod.
//
//	go run . --port 18320
//
//	@title			Notes API
//	@version		1.0
//	@description	A small notes service.
//	@host			localhost:8080
//	@BasePath		/api/v1
package main

import (
	_ "embed"
	"flag"
	"log"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

//go:generate go run github.com/swaggo/swag/cmd/swag@v1.16.6 init --outputTypes json

//go:embed docs/swagger.json
var swaggerJSON []byte

func newServer() *echo.Echo {
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.Validator = validator{}

	e.GET("/health", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	e.GET("/swagger/doc.json", func(c echo.Context) error {
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSONCharsetUTF8, swaggerJSON)
	})

	h := &handler{store: newStore()}
	v1 := e.Group("/api/v1")
	v1.GET("/notes", h.listNotes)
	v1.POST("/notes", h.createNote)
	v1.GET("/notes/:id", h.getNote)
	v1.PUT("/notes/:id", h.updateNote)
	v1.DELETE("/notes/:id", h.deleteNote)
	return e
}

func main() {
	port := flag.Int("port", 8080, "port to listen on (127.0.0.1)")
	flag.Parse()
	log.Fatal(newServer().Start("127.0.0.1:" + strconv.Itoa(*port)))
}
