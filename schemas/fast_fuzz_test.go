package schemas

import "testing"

var sampleDocs = []string{
	`{"type":"https://example.com/probs/x","title":"Bad Request","status":400,"detail":"d","instance":"/x"}`,
	`{"error":"bad_request","message":"id must be a number","status":"400"}`,
	`{"message":"m","errors":[{"field":"id","code":"invalid"}],"documentation_url":"https://x"}`,
	`{"error":{"code":"x","message":"m","param":null,"type":"invalid_request_error"}}`,
	`{"code":400,"message":"bad","fields":"id"}`, `{"status":4e2,"title":1}`, `{}`, `[]`, `"x"`, `1.5`, `null`,
}

// FuzzFastAgrees: whatever the schema and the document, the fast path never
// contradicts the library. Every document is also checked against the
// built-in error schemas and the sample descriptions' error schemas.
func FuzzFastAgrees(f *testing.F) {
	fixed := map[string]*Schema{}
	for _, name := range []string{Problem, Simple, Lenient} {
		s, err := Builtin(name)
		if err != nil {
			f.Fatal(err)
		}
		fixed[name] = s
	}
	for i, src := range errorSchemas(f) {
		s, err := testSchema(src)
		if err != nil {
			f.Fatal(err)
		}
		fixed[src] = s
		f.Add(src, []byte(sampleDocs[i%len(sampleDocs)]))
	}
	for _, c := range fastCases {
		f.Add(c.schema, []byte(c.doc))
	}
	for _, d := range sampleDocs {
		f.Add(`{"type":"object"}`, []byte(d))
	}
	f.Fuzz(func(t *testing.T, schema string, doc []byte) {
		v, err := decodeNumber(doc)
		if err != nil {
			return
		}
		for name, s := range fixed {
			agree(t, s, v, name)
		}
		if s := fuzzSchema(schema); s != nil {
			agree(t, s, v, schema)
		}
	})
}

// fuzzSchema compiles src, or returns nil when the library refuses it (or
// fails on it: its own bugs are not what this fuzz target looks for).
func fuzzSchema(src string) (s *Schema) {
	defer func() {
		if recover() != nil {
			s = nil
		}
	}()
	s, err := testSchema(src)
	if err != nil {
		return nil
	}
	return s
}
