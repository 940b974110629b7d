package testapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
)

// book is the Book schema.
type book struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	ISBN  string `json:"isbn"`
	Year  int64  `json:"year"`
	Genre string `json:"genre,omitempty"`
}

// maxBookID is the largest id that exists; larger ones are 404.
const maxBookID = 1000

// stock is the book every lookup finds: the API keeps no state.
var stock = book{ID: 1, Title: "Dune", ISBN: "978-0441172719", Year: 1965, Genre: "fiction"}

// Parameters of the operations, as the description declares them.
var (
	limitParam  = param{name: "limit", in: "query", check: intIn(1, 100)}
	sortParam   = param{name: "sort", in: "query", check: oneOf("title", "year")}
	tenantParam = param{name: "X-Tenant", in: "header", check: nonEmpty}
	bookIDParam = param{name: "bookId", in: "path", check: intIn(1, 1<<62)}
	langParam   = param{name: "lang", in: "cookie", check: nonEmpty}
)

func listBooks(c *call) {
	c.style = simpleStyle
	if c.authorize(false) && c.params(limitParam, sortParam, tenantParam) {
		c.ok(http.StatusOK, []book{stock})
	}
}

func getBook(c *call) {
	c.style = simpleStyle
	if c.authorize(false) && c.params(bookIDParam, langParam) {
		b := stock
		b.ID, _ = strconv.ParseInt(c.pathID(), 10, 64)
		if b.ID > maxBookID {
			c.fail(http.StatusNotFound, "not-found", "no book has this id")
			return
		}
		c.ok(http.StatusOK, b)
	}
}

func deleteBook(c *call) {
	c.style = problemStyle
	if c.authorize(true) && c.params(bookIDParam) {
		if id, _ := strconv.ParseInt(c.pathID(), 10, 64); id > maxBookID {
			c.fail(http.StatusNotFound, "not-found", "no book has this id")
			return
		}
		c.w.WriteHeader(http.StatusNoContent)
	}
}

func health(c *call) { c.ok(http.StatusOK, map[string]string{"status": "ok"}) }

// createBook checks, in order: credentials, media type, syntax, schema.
func createBook(c *call) {
	c.style = problemStyle
	if !c.authorize(true) {
		return
	}
	mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if mt != "application/json" {
		c.fail(http.StatusUnsupportedMediaType, "unsupported-media-type", "send the book as application/json")
		return
	}
	doc, err := decode(c.body)
	if err != nil {
		c.badJSON(err)
		return
	}
	if ptr, msg := validateBook(doc); msg != "" {
		c.fail(http.StatusUnprocessableEntity, "invalid-book", "body member "+ptr+" "+msg)
		return
	}
	obj := doc.(map[string]any) // validateBook made sure
	b := book{ID: 2, Title: obj["title"].(string), ISBN: obj["isbn"].(string)}
	b.Year, _ = obj["year"].(json.Number).Int64()
	b.Genre, _ = obj["genre"].(string)
	c.ok(http.StatusCreated, b)
}

// badJSON answers a body that does not parse.
func (c *call) badJSON(err error) {
	switch c.mode {
	case StackTrace500OnBadJSON:
		c.write(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte(traceback))
	case WrongStatus:
		c.fail(http.StatusNotFound, "not-found", "no book could be read from the body")
	default:
		c.fail(http.StatusBadRequest, "malformed-json", "the body is not valid JSON: "+err.Error())
	}
}

// decode parses one JSON value, numbers kept exact, nothing after it.
func decode(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("data after the JSON value")
	}
	return doc, nil
}
