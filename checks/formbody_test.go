package checks

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
)

// received is what a form-reading server got: its fields and, for each
// file field, the files' names and contents.
type received struct {
	ContentType string
	Fields      map[string][]string
	Files       map[string][]string // "name:content"
}

// formServer parses every request as Go's net/http reads forms and
// answers with what it received.
func formServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := received{ContentType: r.Header.Get("Content-Type"), Fields: map[string][]string{}, Files: map[string][]string{}}
		var err error
		if strings.HasPrefix(got.ContentType, "multipart/") {
			err = r.ParseMultipartForm(1 << 20)
		} else {
			err = r.ParseForm()
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		for k, v := range r.PostForm {
			got.Fields[k] = v
		}
		if r.MultipartForm != nil {
			for k, fs := range r.MultipartForm.File {
				for _, fh := range fs {
					f, _ := fh.Open()
					data, _ := io.ReadAll(f)
					f.Close()
					got.Files[k] = append(got.Files[k], fh.Filename+":"+fh.Header.Get("Content-Type")+":"+string(data))
				}
			}
		}
		json.NewEncoder(w).Encode(got)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func send(t *testing.T, srv *httptest.Server, p Probe) received {
	t.Helper()
	req, err := http.NewRequest(p.Request.Method, srv.URL+p.Request.Path, bytes.NewReader(p.Request.Body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = p.Request.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: the server could not read the form: %d %s", p.ID, resp.StatusCode, body)
	}
	var got received
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	return got
}

func keysOf(m map[string][]string) string {
	var keys []string
	for k, v := range m {
		keys = append(keys, k+"="+strings.Join(v, "|"))
	}
	sort.Strings(keys)
	return strings.Join(keys, " ")
}

// TestFormBodies sends the valid requests and the missing-field probes of
// form operations to a server that reads forms as net/http does: the
// valid request carries every sampled field (files as file parts), each
// probe lacks exactly the field it leaves out.
func TestFormBodies(t *testing.T) {
	t.Parallel()
	srv := formServer(t)
	tests := []struct {
		spec, probe   string
		ctype, fields string
		files         string
	}{
		{"forms.yaml", "control:POST /photos", "multipart/form-data; boundary=errprobe-", "album=errprobe", "images=errprobe.txt:text/plain:errprobe"},
		{"forms.yaml", "missing-body-field:POST /photos:album", "multipart/form-data; boundary=errprobe-", "", "images=errprobe.txt:text/plain:errprobe"},
		{"forms.yaml", "missing-body-field:POST /photos:images", "multipart/form-data; boundary=errprobe-", "album=errprobe", ""},
		{"forms.yaml", "control:POST /search", "application/x-www-form-urlencoded", "q=a&b=c d tags=red|blue green", ""},
		{"forms.yaml", "missing-body-field:POST /search:tags", "application/x-www-form-urlencoded", "q=a&b=c d", ""},
		{"flasgger-v2.yaml", "control:POST /upload", "multipart/form-data; boundary=errprobe-", "title=errprobe", "file=errprobe.txt:text/plain:errprobe"},
		{"flasgger-v2.yaml", "missing-body-field:POST /upload:file", "multipart/form-data; boundary=errprobe-", "title=errprobe", ""},
		{"flasgger-v2.yaml", "control:POST /login", "application/x-www-form-urlencoded", "password=errprobe-Password-1 username=errprobe", ""},
		{"flasgger-v2.yaml", "missing-body-field:POST /login:password", "application/x-www-form-urlencoded", "username=errprobe", ""},
	}
	plans := map[string][]Probe{}
	for _, spec := range []string{"forms.yaml", "flasgger-v2.yaml"} {
		probes, _ := Plan(&Gen{Spec: loadSpec(t, "testdata/specs/"+spec), Seed: 1}, Filter{})
		plans[spec] = probes
	}
	for _, tt := range tests {
		t.Run(tt.probe, func(t *testing.T) {
			var p *Probe
			for i := range plans[tt.spec] {
				if plans[tt.spec][i].ID == tt.probe {
					p = &plans[tt.spec][i]
				}
			}
			if p == nil {
				t.Fatalf("no probe %s", tt.probe)
			}
			got := send(t, srv, *p)
			if !strings.HasPrefix(got.ContentType, tt.ctype) {
				t.Errorf("Content-Type %q, want %q...", got.ContentType, tt.ctype)
			}
			if f := keysOf(got.Fields); f != tt.fields {
				t.Errorf("fields %q, want %q", f, tt.fields)
			}
			if f := keysOf(got.Files); f != tt.files {
				t.Errorf("files %q, want %q", f, tt.files)
			}
		})
	}
}
