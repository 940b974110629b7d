package demoapi

import (
	"slices"
	"sync"
)

// widget is a catalogue entry of the well-handled /widgets operations.
type widget struct {
	ID    int     `json:"id"`
	Name  string  `json:"name"`
	Price float64 `json:"price"`
	Color string  `json:"color,omitempty"`
}

// order is a purchase of a widget.
type order struct {
	ID       int    `json:"id"`
	WidgetID int    `json:"widgetId"`
	Quantity int    `json:"quantity"`
	Status   string `json:"status"`
}

// report is a sales report, meant for administrators only.
type report struct {
	ID      int     `json:"id"`
	Title   string  `json:"title"`
	Revenue float64 `json:"revenue"`
}

// catalogItem is an entry of the legacy public catalogue.
type catalogItem struct {
	SKU   string  `json:"sku"`
	Name  string  `json:"name"`
	Price float64 `json:"price"`
}

// store is the in-memory state of one Handler. Ids start at 1 so that the
// examples in openapi.yaml exist.
type store struct {
	mu      sync.Mutex
	widgets map[int]widget
	orders  map[int]order
	nextID  int // next widget id
	nextOrd int // next order id
	reports map[int]report
	catalog map[string]catalogItem
}

func newStore() *store {
	return &store{
		widgets: map[int]widget{
			1: {ID: 1, Name: "Sprocket", Price: 4.5, Color: "red"},
			2: {ID: 2, Name: "Gizmo", Price: 12, Color: "blue"},
			3: {ID: 3, Name: "Doohickey", Price: 0.99, Color: "green"},
		},
		nextID: 4,
		orders: map[int]order{
			1: {ID: 1, WidgetID: 1, Quantity: 3, Status: "pending"},
			2: {ID: 2, WidgetID: 2, Quantity: 1, Status: "shipped"},
		},
		nextOrd: 3,
		reports: map[int]report{
			1: {ID: 1, Title: "Q1 sales", Revenue: 18250.75},
		},
		catalog: map[string]catalogItem{
			"WID-0001": {SKU: "WID-0001", Name: "Sprocket", Price: 4.5},
			"WID-0002": {SKU: "WID-0002", Name: "Gizmo", Price: 12},
		},
	}
}

// listWidgets returns at most limit widgets ordered by id.
func (s *store) listWidgets(limit int) []widget {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]widget, 0, len(s.widgets))
	for _, w := range s.widgets {
		out = append(out, w)
	}
	slices.SortFunc(out, func(a, b widget) int { return a.ID - b.ID })
	return out[:min(limit, len(out))]
}

func (s *store) widget(id int) (widget, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, ok := s.widgets[id]
	return w, ok
}

func (s *store) addWidget(w widget) widget {
	s.mu.Lock()
	defer s.mu.Unlock()
	w.ID = s.nextID
	s.nextID++
	s.widgets[w.ID] = w
	return w
}

func (s *store) deleteWidget(id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.widgets[id]
	delete(s.widgets, id)
	return ok
}

// listOrders returns the orders with the given status ("" for all), by id.
func (s *store) listOrders(status string) []order {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []order{}
	for _, o := range s.orders {
		if status == "" || o.Status == status {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b order) int { return a.ID - b.ID })
	return out
}

func (s *store) order(id int) (order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	return o, ok
}

func (s *store) addOrder(o order) order {
	s.mu.Lock()
	defer s.mu.Unlock()
	o.ID = s.nextOrd
	s.nextOrd++
	s.orders[o.ID] = o
	return o
}

func (s *store) report(id int) (report, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.reports[id]
	return r, ok
}

func (s *store) catalogItem(sku string) (catalogItem, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.catalog[sku]
	return c, ok
}
