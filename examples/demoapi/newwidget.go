package demoapi

import (
	"cmp"
	"fmt"
	"slices"
	"unicode/utf8"
)

// widgetColors is the enum of NewWidget.color.
var widgetColors = []string{"red", "green", "blue"}

// decodeNewWidget checks a decoded JSON document against the NewWidget
// schema of openapi.yaml and returns one fieldError per violation, ordered
// by pointer so that responses are deterministic.
func decodeNewWidget(doc any) (widget, []fieldError) {
	obj, ok := doc.(map[string]any)
	if !ok {
		return widget{}, []fieldError{{Pointer: "", Detail: "must be a JSON object"}}
	}
	var errs []fieldError
	for k := range obj {
		if k != "name" && k != "price" && k != "color" {
			errs = append(errs, fieldError{Pointer: "/" + k, Detail: "is not a NewWidget property"})
		}
	}
	var nw widget
	switch v, ok := obj["name"]; {
	case !ok:
		errs = append(errs, fieldError{Pointer: "/name", Detail: "is required"})
	case !isString(v):
		errs = append(errs, fieldError{Pointer: "/name", Detail: "must be a string"})
	default:
		nw.Name = v.(string)
		if n := utf8.RuneCountInString(nw.Name); n < 1 || n > 40 {
			errs = append(errs, fieldError{Pointer: "/name", Detail: "must be 1 to 40 characters long"})
		}
	}
	switch v, ok := obj["price"]; {
	case !ok:
		errs = append(errs, fieldError{Pointer: "/price", Detail: "is required"})
	case !isNumber(v):
		errs = append(errs, fieldError{Pointer: "/price", Detail: "must be a number"})
	default:
		nw.Price = v.(float64)
		if nw.Price < 0 {
			errs = append(errs, fieldError{Pointer: "/price", Detail: "must be at least 0"})
		}
	}
	if v, ok := obj["color"]; ok {
		s, isStr := v.(string)
		if !isStr || !slices.Contains(widgetColors, s) {
			errs = append(errs, fieldError{Pointer: "/color", Detail: fmt.Sprintf("must be one of %v", widgetColors)})
		}
		nw.Color = s
	}
	slices.SortFunc(errs, func(a, b fieldError) int { return cmp.Compare(a.Pointer, b.Pointer) })
	return nw, errs
}

func isString(v any) bool { _, ok := v.(string); return ok }
func isNumber(v any) bool { _, ok := v.(float64); return ok }
