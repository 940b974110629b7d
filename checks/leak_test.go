package checks

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// leakCorpus returns the files of testdata/leak/<dir>.
func leakCorpus(tb testing.TB, dir string) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "leak", dir, "*.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) < 25 {
		tb.Fatalf("testdata/leak/%s: %d files, want at least 25", dir, len(files))
	}
	return files
}

func leakKinds(leaks []Leak) []string {
	var ks []string
	for _, l := range leaks {
		ks = append(ks, l.Kind)
	}
	return ks
}

// TestFindLeaksLeaky checks that each leaky file yields the kind its name
// starts with (the part before the first "_" or ".").
func TestFindLeaksLeaky(t *testing.T) {
	t.Parallel()
	for _, path := range leakCorpus(t, "leaky") {
		name := filepath.Base(path)
		want, _, _ := strings.Cut(strings.SplitN(name, ".", 2)[0], "_")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			leaks := FindLeaks(body)
			if !slices.Contains(leakKinds(leaks), want) {
				t.Errorf("kinds = %v, want %q among them", leakKinds(leaks), want)
			}
			checkLeakInvariants(t, body, leaks)
		})
	}
}

// TestFindLeaksClean guards against false alarms on ordinary error bodies.
func TestFindLeaksClean(t *testing.T) {
	t.Parallel()
	for _, path := range leakCorpus(t, "clean") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if leaks := FindLeaks(body); len(leaks) != 0 {
				t.Errorf("FindLeaks = %+v, want none", leaks)
			}
		})
	}
}

func TestFindLeaksCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want []string // leakKinds in order
	}{
		{"empty", "", nil},
		{"nul and invalid utf8", "\x00\xff\xfe{\"error\":\"bad\"}\x00", nil},
		{"ordered by offset", "ORA-00942: table or view does not exist\npanic: boom\n", []string{"sql-error", "go-panic"}},
		{"one per kind", "ORA-00942 and later ORA-01017 and SQLSTATE[HY000]", []string{"sql-error"}},
		{"url is not a path", `{"see":"https://example.com/app/x.py"}`, nil},
		{"echoed request path", `{"error":"Cannot GET /app/x.js"}`, nil},
		{"path with line", `{"at":"/static/js/app.js:10"}`, []string{"file-path"}},
		{"escaped json path", `{"file":"\/var\/www\/html\/index.php"}`, []string{"file-path"}},
		{"panic mid-sentence", `{"message":"no need to panic: retry"}`, nil},
		{"panic in json string", `{"log":"started\npanic: assignment to entry in nil map\n"}`, []string{"go-panic"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			leaks := FindLeaks([]byte(tt.body))
			if got := leakKinds(leaks); !slices.Equal(got, tt.want) {
				t.Errorf("kinds = %v, want %v (leaks %+v)", got, tt.want, leaks)
			}
			checkLeakInvariants(t, []byte(tt.body), leaks)
		})
	}
}

func TestFindLeaksExcerpt(t *testing.T) {
	t.Parallel()
	longPath := "/" + strings.Repeat("d/", 100) + "x.py"
	tests := []struct {
		name, body, want string
		offset           int
	}{
		{"runs to end of line", "oops\nORA-00942: table or view does not exist\r\nnext", "ORA-00942: table or view does not exist", 5},
		{"whitespace collapsed", "ORA-00942:\t\t table \x00  gone", "ORA-00942: table gone", 0},
		{"long match capped", `File "` + longPath + `", line 1`, (`File "` + longPath)[:leakMaxExcerpt], 0},
		{"invalid utf8 replaced", "SQLSTATE[42000] \xff\xfe bad", "SQLSTATE[42000] \uFFFD\uFFFD bad", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			leaks := FindLeaks([]byte(tt.body))
			if len(leaks) == 0 {
				t.Fatal("no leak found")
			}
			if leaks[0].Excerpt != tt.want || leaks[0].Offset != tt.offset {
				t.Errorf("got %q at %d, want %q at %d", leaks[0].Excerpt, leaks[0].Offset, tt.want, tt.offset)
			}
		})
	}
}

func TestFindLeaksExcerptCap(t *testing.T) {
	t.Parallel()
	body := "ORA-00942: " + strings.Repeat("é", 200) + "\n"
	leaks := FindLeaks([]byte(body))
	if len(leaks) != 1 {
		t.Fatalf("leaks = %+v, want one", leaks)
	}
	ex := leaks[0].Excerpt
	if len(ex) > leakMaxExcerpt || len(ex) < leakMaxExcerpt-1 || !utf8.ValidString(ex) {
		t.Errorf("excerpt %q: len %d, want %d or %d bytes of valid UTF-8", ex, len(ex), leakMaxExcerpt-1, leakMaxExcerpt)
	}
}

// checkLeakInvariants asserts what every caller of FindLeaks relies on.
func checkLeakInvariants(t *testing.T, body []byte, leaks []Leak) {
	t.Helper()
	seen := map[string]bool{}
	for i, l := range leaks {
		if l.Offset < 0 || l.Offset >= len(body) {
			t.Errorf("leak %d: offset %d outside body of %d bytes", i, l.Offset, len(body))
		}
		if i > 0 && leaks[i-1].Offset > l.Offset {
			t.Errorf("leak %d: offset %d before previous %d", i, l.Offset, leaks[i-1].Offset)
		}
		if len(l.Excerpt) > leakMaxExcerpt || strings.ContainsAny(l.Excerpt, "\r\n") || !utf8.ValidString(l.Excerpt) {
			t.Errorf("leak %d: bad excerpt %q", i, l.Excerpt)
		}
		if l.Kind == "" || l.What == "" || seen[l.Kind] {
			t.Errorf("leak %d: empty or repeated kind %q", i, l.Kind)
		}
		seen[l.Kind] = true
	}
}

func FuzzFindLeaks(f *testing.F) {
	for _, dir := range []string{"leaky", "clean"} {
		for _, path := range leakCorpus(f, dir) {
			body, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(body)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		checkLeakInvariants(t, body, FindLeaks(body))
	})
}

func BenchmarkFindLeaks(b *testing.B) {
	small := []byte(`{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.","status":403,"detail":"Your current balance is 30, but that costs 50.","instance":"/account/12345/msgs/abc"}`)
	record := []byte(`{"id":12345,"name":"Ada Lovelace","email":"ada@example.com","url":"https://api.example.com/v1/users/12345","tags":["a","b"]},`)
	large := bytes.Repeat(record, (1<<20)/len(record))
	leaky := append(bytes.Clone(large), "\n    at handler (/app/src/x.js:1:2)\n"...)
	for _, bm := range []struct {
		name string
		body []byte
	}{{"json-200B", small}, {"clean-1MiB", large}, {"leaky-1MiB", leaky}} {
		b.Run(bm.name, func(b *testing.B) {
			b.SetBytes(int64(len(bm.body)))
			b.ReportAllocs()
			for b.Loop() {
				FindLeaks(bm.body)
			}
		})
	}
}
