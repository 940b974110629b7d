package main

import (
	"errors"
	"sort"
	"sync"
)

// errNoteNotFound is what the store answers for an id it does not hold.
var errNoteNotFound = errors.New("note not found")

// store keeps the notes in memory; it starts with one note, id 1.
type store struct {
	mu     sync.Mutex
	notes  map[int]Note
	nextID int
}

func newStore() *store {
	return &store{
		notes:  map[int]Note{1: {ID: 1, Title: "Welcome", Body: "Your first note.", Tags: []string{"intro"}}},
		nextID: 2,
	}
}

func (s *store) list(limit, offset int) []Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Note, 0, len(s.notes))
	for _, n := range s.notes {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if offset >= len(out) {
		return []Note{}
	}
	out = out[offset:]
	if limit < len(out) {
		out = out[:limit]
	}
	return out
}

func (s *store) get(id int) (Note, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.notes[id]
	return n, ok
}

func (s *store) create(in NoteInput) Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := Note{ID: s.nextID, Title: in.Title, Body: in.Body, Tags: in.Tags}
	s.notes[n.ID] = n
	s.nextID++
	return n
}

func (s *store) update(id int, in NoteInput) (Note, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.notes[id]; !ok {
		return Note{}, errNoteNotFound
	}
	n := Note{ID: id, Title: in.Title, Body: in.Body, Tags: in.Tags}
	s.notes[id] = n
	return n, nil
}

func (s *store) delete(id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.notes[id]
	delete(s.notes, id)
	return ok
}
