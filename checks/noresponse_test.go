package checks

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestNoResponseOnStream(t *testing.T) {
	t.Parallel()
	j, err := NewJudge(SchemaAuto, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	post := Probe{CheckID: "malformed-field-null", Request: Request{Method: http.MethodPost, Body: []byte(`{"progress_request":null}`)}}
	get := Probe{CheckID: "missing-query-param", Request: Request{Method: http.MethodGet}}
	tests := []struct {
		name    string
		p       Probe
		streams bool
		want    Severity
	}{
		{"an operation that answers", post, false, SeverityError},
		{"a stream kept open for a body", post, true, SeverityWarning},
		{"a stream kept open for a request without a body", get, true, SeverityError},
	}
	for _, tt := range tests {
		vs := j.NoResponse(tt.p, errors.New("timeout"), tt.streams)
		if len(vs) != 1 || vs[0].Severity != tt.want {
			t.Errorf("%s: %+v, want one no-response of severity %v", tt.name, vs, tt.want)
			continue
		}
		if got := strings.Contains(vs[0].Message, "streams"); got != (tt.want == SeverityWarning) {
			t.Errorf("%s: message %q says the stream: %v", tt.name, vs[0].Message, got)
		}
	}
}
