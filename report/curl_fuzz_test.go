package report

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/checks"
	"github.com/errprobe/errprobe/internal/openapi"
	"github.com/errprobe/errprobe/internal/redact"
)

// shellWords splits a command line made of bare words, single-quoted
// strings and "$VAR" references, as a POSIX shell would, and fails on
// anything else: every byte of a probe must be inside single quotes.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var cur strings.Builder
	in, started := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case in && c == '\'':
			in = false
		case in:
			cur.WriteByte(c)
		case c == '\'':
			in, started = true, true
		case c == '\\' && i+1 < len(line) && line[i+1] == '\'':
			cur.WriteByte('\'')
			i++
		case c == ' ':
			if started {
				words = append(words, cur.String())
				cur.Reset()
				started = false
			}
		case strings.ContainsRune("$`\"\\;&|<>()\n\x00*?[", rune(c)) && !strings.HasPrefix(line[i:], `"$ERRPROBE_`):
			t.Fatalf("unquoted shell metacharacter %q at %d in %q", c, i, line)
		case strings.HasPrefix(line[i:], `"$ERRPROBE_`):
			end := strings.IndexByte(line[i+1:], '"')
			cur.WriteString(line[i : i+end+2])
			i += end + 1
			started = true
		default:
			cur.WriteByte(c)
			started = true
		}
	}
	if in {
		t.Fatalf("unterminated quote in %q", line)
	}
	if started {
		words = append(words, cur.String())
	}
	return words
}

// FuzzCurl: any method, path, header or body gives a curl line in which
// nothing is expanded by the shell, the body is sent as given (NULs
// aside), and the credential appears only as its environment variable.
func FuzzCurl(f *testing.F) {
	f.Add("POST", "/x?q=$(id)", "X-A", "`id`", []byte("'; rm -rf / #\n$(id)"))
	f.Add("GET", "/a b", "X-B", "\"\\", []byte{0, 1, 2})
	const secret = "canary-secret-value-123"
	f.Fuzz(func(t *testing.T, method, path, hname, hvalue string, body []byte) {
		if method == "" || strings.ContainsAny(method, " \x00") {
			return
		}
		base, _ := url.Parse("http://api.test/v1")
		b := &Builder{
			Base: base, RequestIDHeader: "X-Request-Id", Redactor: redact.New("Bearer " + secret),
			Credentials: map[string][]Credential{checks.IdentityAuthorized: {{Header: "Authorization", EnvVar: "ERRPROBE_AUTH"}}},
		}
		p := checks.Probe{ID: "f", CheckID: "f", Op: &openapi.Operation{Method: method, Path: "/x"},
			Request: checks.Request{Method: method, Path: path, Header: http.Header{hname: {hvalue}}, Body: body, Identity: checks.IdentityAuthorized}}
		res := checks.Result{Probe: p, RequestID: "rid"}
		line := b.Result(res).CurlLine()
		if _, want := eager(b, res); line != want {
			t.Fatalf("the curl line written from the record differs from the one written from the probe:\n%s\n%s", line, want)
		}
		if strings.Contains(line, secret) {
			t.Fatalf("the credential is in %q", line)
		}
		words := shellWords(t, line)
		if len(body) > 0 && !strings.Contains(string(body), secret) {
			want := strings.ReplaceAll(string(body), "\x00", "")
			if words[len(words)-1] != want || words[len(words)-2] != "--data-binary" {
				t.Fatalf("body %q came out as %q", want, words[len(words)-1])
			}
		}
		if !strings.Contains(line, `"$ERRPROBE_AUTH"`) {
			t.Fatalf("no credential variable in %q", line)
		}
	})
}
