package checks

import (
	"encoding/base64"

	"github.com/errprobe/errprobe/internal/openapi"
)

// expiredJWT is a well-formed JWT that expired on 2000-01-01 and whose
// signature is wrong: a server must refuse it however it checks tokens.
var expiredJWT = func() string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." +
		enc([]byte(`{"sub":"errprobe","iat":946080000,"exp":946684800}`)) + "." +
		enc([]byte("errprobe-invalid-signature"))
}()

// tokenVariant is one malformed credential for bearer-like schemes.
type tokenVariant struct {
	id, title, what, header string
}

// authToken sends made-up credentials of a particular malformed shape.
type authToken struct{ v tokenVariant }

func (c authToken) Meta() Meta {
	return Meta{ID: c.v.id, Family: FamilyForbidden, Title: c.v.title, Unauthenticated: true,
		Description: "Calls a secured bearer-token operation with " + c.v.what + ". RFC 6750 §3.1 and RFC 9110 §15.5.2: 401 Unauthorized with a WWW-Authenticate challenge, never success and never a 5xx."}
}

var tokenVariants = []tokenVariant{
	{"auth-expired-token", "Expired JWT with a bad signature", "an expired JWT whose signature is wrong", "Bearer " + expiredJWT},
	{"auth-wrong-scheme", "Credentials under the wrong scheme", "a token under the wrong authentication scheme word (Token instead of Bearer)", "Token errprobe-invalid-credential"},
	{"auth-malformed-token", "Malformed token", "a truncated, malformed token", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIi"},
}

func (c authToken) Probes(g *Gen) []Probe {
	var out []Probe
	for _, op := range g.Spec.Operations {
		if !op.Secured() || !bearerLike(op.Security[0]) {
			continue
		}
		req := g.newBuild(op).request(IdentityInvalid)
		req.Header.Set("Authorization", c.v.header)
		out = append(out, probe(c, op, "", "call with "+c.v.what, req, expect(op, classUnauth)))
	}
	return out
}

// bearerLike reports whether an alternative is satisfied by an
// Authorization bearer token.
func bearerLike(alt []*openapi.SecurityScheme) bool {
	for _, s := range alt {
		if (s.Type == "http" && s.Scheme == "bearer") || s.Type == "oauth2" || s.Type == "openIdConnect" {
			return true
		}
	}
	return false
}

type authInQuery struct{}

func (authInQuery) Meta() Meta {
	return Meta{ID: "auth-credential-in-query", Family: FamilyForbidden, Title: "Credential sent in the query string", Severity: SeverityWarning,
		Description: "Sends the authorised credential in the URL query (access_token for bearer schemes, the key's name for API-key headers) instead of the header the description declares. Credentials in URLs end up in logs and caches (RFC 6750 §5.3, OWASP API2:2023); an API that accepts them where it documents a header should not. A warning: RFC 6750 §2.3 lets bearer APIs opt in."}
}

func (c authInQuery) Probes(g *Gen) []Probe {
	if g.AuthHeader == "" {
		return nil // without a real credential the probe proves nothing
	}
	var out []Probe
	for _, op := range g.Spec.Operations {
		if !op.Secured() {
			continue
		}
		param := ""
		for _, s := range op.Security[0] {
			switch {
			case s.Type == "apiKey" && s.In == "header":
				param = s.Param
			case bearerLike([]*openapi.SecurityScheme{s}):
				param = "access_token"
			}
		}
		if param == "" {
			continue
		}
		req := g.newBuild(op).request(IdentityInQueryPrefix + param)
		out = append(out, probe(c, op, "", "send the credential as query parameter "+param+" instead of a header", req, expect(op, classUnauth)))
	}
	return out
}
