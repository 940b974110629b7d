package checks

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// placeholder stands for the raw bytes intoField puts into a body: no
// sample value holds it.
const placeholder = "\x00errprobe-raw-value\x00"

// intoField returns sample, a valid JSON body, with the value of one real
// field replaced by raw (bytes JSON may not hold, such as invalid UTF-8,
// or a number no decoder keeps): the first field, by name, whose sample
// value is of the kind want picks, else the first field. In an array body
// the first item is used. A body with no field gets {"errprobe": raw}, as
// the probe has nowhere else to put it. So the probe tests how the server
// reads a field it uses, not whether it ignores an unknown one.
func intoField(sample, raw []byte, want func(any) bool) []byte {
	dec := json.NewDecoder(bytes.NewReader(sample))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return fallbackField(raw)
	}
	if !replaceField(doc, want) {
		return fallbackField(raw)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return fallbackField(raw)
	}
	quoted, _ := json.Marshal(placeholder)
	return bytes.Replace(out, quoted, raw, 1)
}

// replaceField puts the placeholder into doc's chosen field; false when
// doc has none.
func replaceField(doc any, want func(any) bool) bool {
	switch d := doc.(type) {
	case map[string]any:
		if len(d) == 0 {
			return false
		}
		keys := slices.Sorted(maps.Keys(d))
		pick := keys[0]
		// A field that names the item is the last choice: a server that
		// accepts the value would create or rename an item errprobe does
		// not know to remove.
		for _, ok := range []func(k string) bool{
			func(k string) bool { return want(d[k]) && !identifiesItem(k) },
			func(k string) bool { return want(d[k]) },
			func(k string) bool { return !identifiesItem(k) },
		} {
			if i := slices.IndexFunc(keys, ok); i >= 0 {
				pick = keys[i]
				break
			}
		}
		d[pick] = placeholder
		return true
	case []any:
		if len(d) == 0 {
			return false
		}
		if replaceField(d[0], want) {
			return true
		}
		d[0] = placeholder
		return true
	}
	return false
}

func fallbackField(raw []byte) []byte {
	return append(append([]byte(`{"errprobe":`), raw...), '}')
}

// identifiesItem reports, by its name alone, whether a member looks like
// the one that identifies the item (id, name, username...), at any depth
// and for any method. Gen.namesItem is the precise test for a creating
// request's top-level member; this one needs no operation or schema, as
// intoField sees only the sample body.
func identifiesItem(k string) bool {
	k = strings.ToLower(k)
	switch k {
	case "id", "name", "username", "login", "key", "slug", "uuid", "handle", "title":
		return true
	}
	return strings.HasSuffix(k, "id") || strings.HasSuffix(k, "_name") || strings.HasSuffix(k, "name")
}
