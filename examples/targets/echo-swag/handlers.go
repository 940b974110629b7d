package main

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

type handler struct {
	store *store
}

func noteID(c echo.Context) (int, error) {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		return 0, echo.NewHTTPError(http.StatusBadRequest, "invalid note id")
	}
	return id, nil
}

func bindInput(c echo.Context) (NoteInput, error) {
	var in NoteInput
	if err := c.Bind(&in); err != nil {
		return in, err
	}
	return in, c.Validate(in)
}

// listNotes godoc
//
//	@Summary	List notes
//	@Tags		notes
//	@Produce	json
//	@Param		limit	query		int	false	"page size"	minimum(1)	maximum(100)	default(20)
//	@Param		offset	query		int	false	"notes to skip"	minimum(0)	default(0)
//	@Success	200		{array}		Note
//	@Failure	400		{object}	HTTPError
//	@Router		/notes [get]
func (h *handler) listNotes(c echo.Context) error {
	q := ListQuery{Limit: 20}
	if err := c.Bind(&q); err != nil {
		return err
	}
	if q.Limit < 1 || q.Limit > 100 {
		return echo.NewHTTPError(http.StatusBadRequest, "limit must be between 1 and 100")
	}
	if q.Offset < 0 {
		return echo.NewHTTPError(http.StatusBadRequest, "offset must not be negative")
	}
	return c.JSON(http.StatusOK, h.store.list(q.Limit, q.Offset))
}

// createNote godoc
//
//	@Summary	Create a note
//	@Tags		notes
//	@Accept		json
//	@Produce	json
//	@Param		note	body		NoteInput	true	"the note"
//	@Success	201		{object}	Note
//	@Failure	400		{object}	HTTPError
//	@Failure	415		{object}	HTTPError
//	@Router		/notes [post]
func (h *handler) createNote(c echo.Context) error {
	in, err := bindInput(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, h.store.create(in))
}

// getNote godoc
//
//	@Summary	Get a note
//	@Tags		notes
//	@Produce	json
//	@Param		id	path		int	true	"note id"
//	@Success	200	{object}	Note
//	@Failure	400	{object}	HTTPError
//	@Failure	404	{object}	HTTPError
//	@Router		/notes/{id} [get]
func (h *handler) getNote(c echo.Context) error {
	id, err := noteID(c)
	if err != nil {
		return err
	}
	n, ok := h.store.get(id)
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, "note not found")
	}
	return c.JSON(http.StatusOK, n)
}

// updateNote godoc
//
//	@Summary	Replace a note
//	@Tags		notes
//	@Accept		json
//	@Produce	json
//	@Param		id		path		int			true	"note id"
//	@Param		note	body		NoteInput	true	"the note"
//	@Success	200		{object}	Note
//	@Failure	400		{object}	HTTPError
//	@Failure	404		{object}	HTTPError
//	@Failure	415		{object}	HTTPError
//	@Router		/notes/{id} [put]
func (h *handler) updateNote(c echo.Context) error {
	id, err := noteID(c)
	if err != nil {
		return err
	}
	in, err := bindInput(c)
	if err != nil {
		return err
	}
	n, err := h.store.update(id, in)
	if err != nil {
		// The slip: the store's plain error goes to Echo's error handler,
		// which answers 500 {"message":"Internal Server Error"}.
		return err
	}
	return c.JSON(http.StatusOK, n)
}

// deleteNote godoc
//
//	@Summary	Delete a note
//	@Tags		notes
//	@Produce	json
//	@Param		id	path	int	true	"note id"
//	@Success	204
//	@Failure	400	{object}	HTTPError
//	@Failure	404	{object}	HTTPError
//	@Router		/notes/{id} [delete]
func (h *handler) deleteNote(c echo.Context) error {
	id, err := strconv.Atoi(c.Param("id"))
	if err != nil {
		// The other slip: a plain-text answer, not the API's JSON error.
		return c.String(http.StatusBadRequest, "invalid note id")
	}
	if !h.store.delete(id) {
		return echo.NewHTTPError(http.StatusNotFound, "note not found")
	}
	return c.NoContent(http.StatusNoContent)
}
