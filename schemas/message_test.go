package schemas

import "testing"

func TestStableMessage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{`additionalProperties 'trace', 'path', 'a' not allowed`, `additionalProperties 'a', 'path', 'trace' not allowed`},
		{`additionalProperties 'x' not allowed`, `additionalProperties 'x' not allowed`},
		{`additionalProperties 'b\'', 'a, \'b' not allowed`, `additionalProperties 'a, \'b', 'b\'' not allowed`},
		{`additionalProperties 'b\\', 'a' not allowed`, `additionalProperties 'a', 'b\\' not allowed`},
		{`additionalProperties 'b', oops not allowed`, `additionalProperties 'b', oops not allowed`},
		{`missing properties: 'b', 'a'`, `missing properties: 'b', 'a'`},
	} {
		if got := stableMessage(c.in); got != c.want {
			t.Errorf("stableMessage(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}

// TestValidateDeterministic: a body with many additional members gets the
// same message every time, whatever the map order.
func TestValidateDeterministic(t *testing.T) {
	t.Parallel()
	s, err := testSchema(`{"additionalProperties":false}`)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := decodeNumber([]byte(`{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9}`))
	want := `additionalProperties 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i' not allowed`
	for range 20 {
		if fs := s.Validate(v); len(fs) != 1 || fs[0].Message != want {
			t.Fatalf("Validate = %+v, want %s", fs, want)
		}
	}
}
