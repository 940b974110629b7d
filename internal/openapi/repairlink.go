package openapi

import (
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// links drops the links of a response's (or the components') links that
// the loader would refuse the whole description for: a value that is not
// a link object, a local $ref that points at nothing, an operationId or
// operationRef that is not text. A link only tells errprobe where a new
// item's identifier is; without it errprobe looks for the identifier as
// it does where the description has no links.
func (r *repairer) links(m *yaml.Node) {
	if m.Kind != yaml.MappingNode {
		return
	}
	kept := m.Content[:0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		name, v := m.Content[i].Value, m.Content[i+1]
		if why := r.badLink(v); why != "" {
			r.warn(v, "link %q %s; ignored", name, why)
			continue
		}
		kept = append(kept, m.Content[i], v)
	}
	clear(m.Content[len(kept):])
	m.Content = kept
}

// badLink says what makes v no link the loader reads, or "".
func (r *repairer) badLink(v *yaml.Node) string {
	if v.Kind != yaml.MappingNode {
		return "is " + nodeKind(v) + ", not a link object"
	}
	if ref := mapValue(v, "$ref"); ref != nil {
		if ref.Kind == yaml.ScalarNode && strings.HasPrefix(ref.Value, "#") && pointer(r.root, ref.Value) == nil {
			return "is a $ref (" + ref.Value + ") that points at nothing"
		}
		return ""
	}
	for _, word := range []string{"operationId", "operationRef"} {
		if w := mapValue(v, word); w != nil && (w.Kind != yaml.ScalarNode || w.Tag != "!!str") {
			return "has an " + word + " that is not text"
		}
	}
	return ""
}
