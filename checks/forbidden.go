package checks

import (
	"encoding/base64"
	"slices"
	"strings"

	"github.com/errprobe/errprobe/internal/openapi"
)

// Identities a probe can carry; the engine adds the matching credentials.
const (
	IdentityAuthorized = ""        // the --auth credentials
	IdentityNone       = "none"    // no credentials at all
	IdentityInvalid    = "invalid" // errprobe's own made-up credentials, in the request
	IdentityLow        = "low"     // the --low-auth credentials
	// IdentityInQueryPrefix + NAME sends the authorised credential (its
	// token, without a scheme word) as query parameter NAME instead.
	IdentityInQueryPrefix = "query:"
)

type authMissing struct{}

func (authMissing) Meta() Meta {
	return Meta{ID: "auth-missing", Family: FamilyForbidden, Title: "No credentials", Unauthenticated: true,
		Description: "Calls a secured operation without credentials. RFC 9110 §15.5.2: 401 Unauthorized, with a WWW-Authenticate header naming the scheme (§11.6.1)."}
}

func (c authMissing) Probes(g *Gen) []Probe {
	var out []Probe
	for _, op := range g.Spec.Operations {
		if op.Secured() {
			out = append(out, probe(c, op, "", "call without credentials", g.newBuild(op).request(IdentityNone), expect(op, classUnauth)))
		}
	}
	return out
}

type authInvalid struct{}

func (authInvalid) Meta() Meta {
	return Meta{ID: "auth-invalid", Family: FamilyForbidden, Title: "Invalid credentials", Unauthenticated: true,
		Description: "Calls a secured operation with well-formed but invalid credentials for its security scheme. RFC 9110 §15.5.2 and RFC 6750 §3.1: 401 Unauthorized with WWW-Authenticate."}
}

func (c authInvalid) Probes(g *Gen) []Probe {
	var out []Probe
	for _, op := range g.Spec.Operations {
		if !op.Secured() {
			continue
		}
		// One probe per scheme the operation accepts: each must refuse
		// made-up credentials on its own.
		seen := map[string]bool{}
		for _, alt := range op.Security {
			for _, s := range alt {
				if seen[s.Name] {
					continue
				}
				seen[s.Name] = true
				req := g.newBuild(op).request(IdentityInvalid)
				what := invalidCredentials(g, s, &req)
				detail := ""
				if len(seen) > 1 || len(op.Security) > 1 || len(alt) > 1 {
					detail = s.Name
				}
				out = append(out, probe(c, op, detail, "call with invalid credentials ("+what+")", req, expect(op, classUnauth)))
			}
		}
	}
	return out
}

// invalidCredentials puts made-up credentials for scheme s into req and
// says where. They are errprobe's own and safe to print.
func invalidCredentials(g *Gen, s *openapi.SecurityScheme, req *Request) string {
	const token = "errprobe-invalid-credential"
	switch {
	case s.Type == "apiKey" && s.In == "query":
		sep := "?"
		if strings.Contains(req.Path, "?") {
			sep = "&"
		}
		req.Path += sep + s.Param + "=" + token
		return "query " + s.Param
	case s.Type == "apiKey" && s.In == "cookie":
		req.Header.Add("Cookie", s.Param+"="+token)
		return "cookie " + s.Param
	case s.Type == "apiKey":
		req.Header.Set(s.Param, token)
		return "header " + s.Param
	case s.Type == "http" && s.Scheme == "basic":
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("errprobe:invalid")))
		return "HTTP Basic"
	}
	h := "Authorization"
	if g.AuthHeader != "" {
		h = g.AuthHeader
	}
	if h == "Authorization" {
		req.Header.Set(h, "Bearer "+token)
		return "bearer token"
	}
	req.Header.Set(h, token)
	return "header " + h
}

type authLow struct{}

func (authLow) Meta() Meta {
	return Meta{ID: "auth-low-privilege", Family: FamilyForbidden, Title: "Low-privilege identity",
		Description: "Calls a secured operation that changes data (by default POST, PUT, PATCH, DELETE) as the low-privilege identity given with --low-auth. RFC 9110 §15.5.4: 403 Forbidden, never success (OWASP API5:2023 broken function-level authorisation)."}
}

func (c authLow) Probes(g *Gen) []Probe {
	if !g.HasLowIdentity {
		return nil
	}
	var out []Probe
	for _, op := range g.Spec.Operations {
		applies := slices.Contains(g.LowMethods, op.Method)
		if g.LowApplies != nil {
			applies = g.LowApplies(op)
		}
		if op.Secured() && applies {
			out = append(out, probe(c, op, "", "call as the low-privilege identity", g.newBuild(op).request(IdentityLow), expect(op, classForbidden)))
		}
	}
	return out
}
