package report

import "strings"

// banners maps a server or framework banner to the preset whose fixes
// apply, for runs without --preset.
var banners = []struct{ header, word, preset string }{
	{"Server", "werkzeug", "flask"},
	{"Server", "uvicorn", "fastapi"},
	{"X-Powered-By", "express", "express"},
	{"Server", "kestrel", "aspnet"},
	{"X-Powered-By", "asp.net", "aspnet"},
}

// recognise names the preset the answers' banners point to, when every
// banner seen points to the same one; "" otherwise.
func recognise(results []Result) string {
	found := ""
	for _, r := range results {
		if r.Response == nil {
			continue
		}
		for _, b := range banners {
			if !strings.Contains(strings.ToLower(r.Response.Headers[b.header]), b.word) {
				continue
			}
			if found != "" && found != b.preset {
				return ""
			}
			found = b.preset
		}
	}
	return found
}
