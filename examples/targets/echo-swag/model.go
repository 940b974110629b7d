package main

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// Note is a stored note.
type Note struct {
	ID    int      `json:"id" example:"1"`
	Title string   `json:"title" example:"Groceries"`
	Body  string   `json:"body" example:"Milk, eggs"`
	Tags  []string `json:"tags,omitempty"`
}

// NoteInput is the body of a create or an update.
type NoteInput struct {
	Title string   `json:"title" validate:"required" example:"Groceries"`
	Body  string   `json:"body" validate:"required" example:"Milk, eggs"`
	Tags  []string `json:"tags,omitempty"`
}

// ListQuery holds the paging parameters of GET /notes.
type ListQuery struct {
	Limit  int `query:"limit"`
	Offset int `query:"offset"`
}

// HTTPError is the body of every error answer (Echo's default error handler).
type HTTPError struct {
	Message string `json:"message" example:"note not found"`
}

// Validate checks the required fields by hand.
func (in NoteInput) Validate() error {
	var missing []string
	if strings.TrimSpace(in.Title) == "" {
		missing = append(missing, "title")
	}
	if strings.TrimSpace(in.Body) == "" {
		missing = append(missing, "body")
	}
	if len(missing) > 0 {
		return echo.NewHTTPError(http.StatusBadRequest, "missing required fields: "+strings.Join(missing, ", "))
	}
	if len(in.Title) > 200 {
		return echo.NewHTTPError(http.StatusBadRequest, "title is longer than 200 characters")
	}
	return nil
}

// validator is the team's echo.Validator: each request type checks itself.
type validator struct{}

func (validator) Validate(i any) error {
	if v, ok := i.(interface{ Validate() error }); ok {
		return v.Validate()
	}
	return nil
}
