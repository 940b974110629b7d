package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"sync"

	"github.com/errprobe/errprobe/examples/targets/chi-petstore/api"
)

// PetStore implements the generated api.ServerInterface over an in-memory
// store that starts empty.
type PetStore struct {
	mu     sync.Mutex
	nextID int64
	pets   map[int64]*api.Pet
}

var _ api.ServerInterface = (*PetStore)(nil)

// NewPetStore returns an empty store; ids start at 1000 as upstream.
func NewPetStore() *PetStore {
	return &PetStore{nextID: 1000, pets: map[int64]*api.Pet{}}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// sendPetStoreError writes the description's Error schema.
func sendPetStoreError(w http.ResponseWriter, code int, message string) {
	writeJSON(w, code, api.Error{Code: int32(code), Message: message})
}

// FindPets lists the pets, filtered by tags, at most limit of them.
func (p *PetStore) FindPets(w http.ResponseWriter, _ *http.Request, params api.FindPetsParams) {
	p.mu.Lock()
	defer p.mu.Unlock()
	result := []api.Pet{}
	for _, pet := range p.pets {
		if params.Tags == nil || hasTag(pet, *params.Tags) {
			result = append(result, *pet)
		}
	}
	sort.Slice(result, func(i, j int) bool { return result[i].Id < result[j].Id })
	if params.Limit != nil && int(*params.Limit) < len(result) {
		result = result[:max(int(*params.Limit), 0)]
	}
	writeJSON(w, http.StatusOK, result)
}

func hasTag(pet *api.Pet, tags []string) bool {
	for _, t := range tags {
		if pet.Tag != nil && *pet.Tag == t {
			return true
		}
	}
	return false
}

// AddPet stores a new pet and answers it with its id.
func (p *PetStore) AddPet(w http.ResponseWriter, r *http.Request) {
	var newPet api.NewPet
	if err := json.NewDecoder(r.Body).Decode(&newPet); err != nil {
		sendPetStoreError(w, http.StatusBadRequest, "Invalid format for NewPet")
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	pet := &api.Pet{Id: p.nextID, Name: newPet.Name, Tag: newPet.Tag}
	p.nextID++
	p.pets[pet.Id] = pet
	writeJSON(w, http.StatusOK, pet)
}

// FindPetById answers one pet.
func (p *PetStore) FindPetById(w http.ResponseWriter, _ *http.Request, id int64) {
	p.mu.Lock()
	pet := p.pets[id]
	p.mu.Unlock()
	// Defect (careless): no check that the pet exists. A missing id is a nil
	// pointer, the dereference panics and chi's Recoverer answers 500.
	writeJSON(w, http.StatusOK, *pet)
}

// DeletePet removes one pet.
func (p *PetStore) DeletePet(w http.ResponseWriter, _ *http.Request, id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.pets[id]; !ok {
		sendPetStoreError(w, http.StatusNotFound, fmt.Sprintf("Could not find pet with ID %d", id))
		return
	}
	delete(p.pets, id)
	w.WriteHeader(http.StatusNoContent)
}
