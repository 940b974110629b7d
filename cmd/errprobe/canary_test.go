package main

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errprobe/errprobe/internal/hostile"
)

// Canaries: one per place a credential can live. Each is unlike anything
// errprobe writes, so any eight characters of one found in the output are
// a leak.
var canaries = map[string]string{
	"bearer":    "Zq8bearerKx4Wm7PrT2",
	"api key":   "Hj3apikeyVn6Rb9QsL5",
	"cookie":    "Mw2cookieYt8Gd4NpF7",
	"query key": "Pc5queryXz9Lh2KvB6",
	"basic pw":  "Rf7basicpwJm3Sw8Dq1",
	"proxy pw":  "Tn4proxypwQb7Hx2Cv9",
	"spec pw":   "Wd6specpwFk1Zr5Mg3",
}

// canaryForms returns every form of a canary that must not appear: the
// value, its base64 (standard and URL-safe, padded or not), its
// URL-encoding, and every substring of eight characters (any longer
// substring contains one of them).
func canaryForms(c string) []string {
	out := []string{c,
		base64.StdEncoding.EncodeToString([]byte(c)), base64.RawURLEncoding.EncodeToString([]byte(c)),
		base64.URLEncoding.EncodeToString([]byte(c)), url.QueryEscape(c), url.PathEscape(c)}
	for i := 0; i+8 <= len(c); i++ {
		out = append(out, c[i:i+8])
	}
	return out
}

// Case 14: canary secrets in every place a credential lives, a target (here
// the proxy every probe goes through) that echoes every header, cookie and
// query value back in its bodies and headers, -v and every report format:
// no canary, no encoding of one and no eight characters of one appear
// anywhere errprobe writes.
func TestCanarySweep(t *testing.T) {
	spec, err := os.ReadFile("testdata/canary.yaml")
	if err != nil {
		t.Fatal(err)
	}
	specRec, specURL := recorded(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/yaml")
		w.Write(spec)
	}))
	su, _ := url.Parse(specURL + "/canary.yaml")
	su.User = url.UserPassword("specuser", canaries["spec pw"])
	echo, proxyURL := recorded(t, hostile.Echo())
	pu, _ := url.Parse(proxyURL)
	pu.User = url.UserPassword("proxyuser", canaries["proxy pw"])

	dir := t.TempDir()
	cfg := filepath.Join(dir, "errprobe.yaml")
	writeTestFile(t, cfg, `lowPrivilege: reader
identities:
  reader:
    cookies: {session: "`+canaries["cookie"]+`", theme: dark}
    query: {api_key: "`+canaries["query key"]+`"}
    basic: {username: alice, password: "`+canaries["basic pw"]+`"}
`)
	formats := []string{"json", "junit", "sarif", "markdown", "html"}
	args := []string{"run", "--spec", su.String(), "--target", "http://api.example.invalid", "--proxy", pu.String(),
		"--config", cfg, "--auth", "Authorization: Bearer " + canaries["bearer"], "--auth", "X-Api-Key: " + canaries["api key"],
		"--low-auth-methods", "GET,POST", "-v", "--fail-on", "never", "--report", "terminal"}
	for _, f := range formats {
		args = append(args, "--report", f+"="+filepath.Join(dir, "report."+f))
	}
	r := runArgs(args...)
	if r.code != exitOK {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	if specRec.Count() != 1 || echo.Count() < 10 {
		t.Fatalf("spec server saw %d requests, target %d", specRec.Count(), echo.Count())
	}
	if _, _, ok := (&http.Request{Header: specRec.Requests()[0].Header}).BasicAuth(); !ok {
		t.Error("the spec URL's user-info was not sent to the spec server")
	}

	outputs := map[string]string{"stdout": r.stdout, "stderr": r.stderr}
	for _, f := range formats {
		data, err := os.ReadFile(filepath.Join(dir, "report."+f))
		if err != nil {
			t.Fatal(err)
		}
		outputs[f] = string(data)
	}
	var rep struct {
		Results []struct {
			Check, Curl string
			Violations  []struct{ Rule string }
		}
	}
	if err := json.Unmarshal([]byte(outputs["json"]), &rep); err != nil {
		t.Fatal(err)
	}
	var curls []string
	echoes := 0
	for _, res := range rep.Results {
		curls = append(curls, res.Curl)
		for _, v := range res.Violations {
			if v.Rule == "credential-echo" {
				echoes++
			}
		}
	}
	outputs["curl lines"] = strings.Join(curls, "\n")

	basic := base64.StdEncoding.EncodeToString([]byte("alice:" + canaries["basic pw"]))
	proxyBasic := base64.StdEncoding.EncodeToString([]byte("proxyuser:" + canaries["proxy pw"]))
	for where, text := range outputs {
		for name, c := range canaries {
			for _, form := range append(canaryForms(c), basic, proxyBasic) {
				if strings.Contains(text, form) {
					t.Errorf("%s holds %q (a form of the %s canary)", where, form, name)
					break
				}
			}
		}
	}
	if echoes == 0 {
		t.Error("no credential-echo finding although the target echoes every credential")
	}
	for _, env := range []string{`-H "$ERRPROBE_AUTH"`, `-H "$ERRPROBE_AUTH_2"`, `-H "$ERRPROBE_LOW_AUTH"`} {
		if !strings.Contains(outputs["curl lines"], env) {
			t.Errorf("no curl line sends a credential as %s", env)
		}
	}
	checkSyntheticCredentials(t, echo.Requests())
}

// checkSyntheticCredentials: every credential the target received either
// is a canary exactly as configured, or shares no eight characters with
// one: the made-up credentials of forbidden probes (auth-invalid and the
// malformed-token variants) are not derived from the user's.
func checkSyntheticCredentials(t *testing.T, seen []hostile.Seen) {
	t.Helper()
	configured := map[string]bool{
		"Bearer " + canaries["bearer"]: true, canaries["api key"]: true,
		"Basic " + base64.StdEncoding.EncodeToString([]byte("alice:"+canaries["basic pw"])):     true,
		"session=" + canaries["cookie"] + "; theme=dark":                                        true,
		"Basic " + base64.StdEncoding.EncodeToString([]byte("proxyuser:"+canaries["proxy pw"])): true,
	}
	synthetic := 0
	for _, s := range seen {
		values := []string{s.URI}
		for _, k := range []string{"Authorization", "X-Api-Key", "Cookie", "Proxy-Authorization"} {
			values = append(values, s.Header.Values(k)...)
		}
		for _, v := range values {
			if configured[v] {
				continue
			}
			if v != s.URI && v != "" {
				synthetic++
			}
			for _, c := range canaries {
				for _, form := range canaryForms(c)[6:] {
					if strings.Contains(v, form) && !strings.Contains(v, c) {
						t.Errorf("%s %s: %q holds part of a canary", s.Method, s.URI, v)
					}
				}
			}
		}
	}
	if synthetic == 0 {
		t.Error("no forbidden probe sent made-up credentials")
	}
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
