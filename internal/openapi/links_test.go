package openapi

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestLinks(t *testing.T) {
	t.Parallel()
	spec, err := Load(context.Background(), "testdata/links.yaml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	post := spec.Operations[0]
	if post.Key() != "POST /pets" {
		t.Fatalf("first operation %s", post.Key())
	}
	got := map[string]Link{}
	for _, l := range post.Response("201").Links {
		got[l.Name] = *l
	}
	want := map[string]Link{
		"byRef":  {Name: "byRef", OperationID: "getPet", Target: "GET /pets/{petId}", Parameters: map[string]string{"petId": "$response.body#/data/ref"}},
		"delete": {Name: "delete", OperationRef: "#/paths/~1pets~1%7BpetId%7D/delete", Target: "DELETE /pets/{petId}", Parameters: map[string]string{"path.petId": "$response.header.Location"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("links\n got %+v\nwant %+v", got, want)
	}
	if l := post.Response("400").Links; l != nil {
		t.Errorf("400 links %+v", l)
	}
	var warned []string
	for _, w := range spec.Warnings {
		if strings.HasPrefix(w, "link ") {
			warned = append(warned, w)
		}
	}
	if len(warned) != 2 || !strings.Contains(warned[0]+warned[1], `"noSuchOperation"`) || !strings.Contains(warned[0]+warned[1], `"elsewhere"`) {
		t.Errorf("warnings %q, want the links naming nothing", warned)
	}
}

func TestRefKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ref, want string
		ok        bool
	}{
		{"#/paths/~1pets~1{petId}/get", "GET /pets/{petId}", true},
		{"#/paths/~1pets~1%7BpetId%7D/delete", "DELETE /pets/{petId}", true},
		{"openapi.yaml#/paths/~1a~0b/post", "POST /a~b", true},
		{"https://x.test/o.yaml#/paths/~1a/get", "", false},
		{"#/components/links/X", "", false},
		{"#/paths/~1a", "", false},
		{"#/paths/~1a/get/extra", "", false},
		{"", "", false},
		{"#%zz", "", false},
	}
	for _, tc := range tests {
		if got, ok := refKey(tc.ref); got != tc.want || ok != tc.ok {
			t.Errorf("refKey(%q) = %q, %v; want %q, %v", tc.ref, got, ok, tc.want, tc.ok)
		}
	}
}

// A link that cannot be read, or names nothing, is a problem of the link
// alone: the description loads without it.
func TestMalformedLinks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		link string
		kept bool // a link to getPet errprobe can still read
	}{
		{`{"$ref": "#/components/links/Nope"}`, false},
		{`{"operationId": "getPet", "operationRef": "#/paths/~1a/get"}`, true},
		{`{"operationId": "getPet", "parameters": {"": null, "petId": {"a": [1]}}}`, true},
		{`{}`, false}, {`{"operationId": 5}`, false}, {`{"operationRef": ["#/paths/~1a/get"]}`, false},
		{`"x"`, false}, {`null`, false}, {`[]`, false}, {`{"operationRef": "#/paths/%zz/get"}`, false},
	}
	for _, tc := range tests {
		spec, err := Parse(context.Background(), "x.json", []byte(linkDoc(tc.link)), Options{})
		if err != nil {
			t.Errorf("%s: %v", tc.link, err)
			continue
		}
		if l := spec.Operations[0].Response("201").Links; len(l) != map[bool]int{true: 1}[tc.kept] {
			t.Errorf("%s: links %+v, kept %v", tc.link, l, tc.kept)
		}
	}
}

func linkDoc(link string) string {
	return `{"openapi":"3.0.3","info":{"title":"x","version":"1"},"paths":{` +
		`"/pets":{"post":{"responses":{"201":{"description":"x","links":{"l":` + link + `}}}}},` +
		`"/pets/{petId}":{"get":{"operationId":"getPet","parameters":[{"name":"petId","in":"path","required":true,"schema":{"type":"string"}}],"responses":{"200":{"description":"x"}}}}}}`
}

// FuzzLinks feeds the loader arbitrary link objects: it never panics.
func FuzzLinks(f *testing.F) {
	for _, s := range []string{`{"operationId":"getPet","parameters":{"petId":"$response.body#/id"}}`, `{"$ref":"#/x"}`, `{"operationRef":"#/paths/~1pets~1{petId}/get"}`, `{`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, link string) {
		spec, err := Parse(context.Background(), "fuzz.json", []byte(linkDoc(link)), Options{})
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error not marked invalid: %v", err)
			}
			return
		}
		for _, op := range spec.Operations {
			for _, r := range op.Responses {
				for _, l := range r.Links {
					if l.Target == "" {
						t.Fatalf("link %q kept without a target", l.Name)
					}
				}
			}
		}
	})
}
