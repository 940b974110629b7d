#!/bin/sh
# Hand-run curl checks behind EXPECTED.md.  Usage: sh curl-checks.sh BASE_URL
# e.g. sh curl-checks.sh http://127.0.0.1:5000  (start the app on a fresh
# process first: the reader DELETE row removes user 3 on careless.py).
# Prints: label | status | content-type | WWW-Authenticate | Allow | body (first 100 chars)
B=${1:-http://127.0.0.1:5000}
A='Authorization: Bearer admin-token'
R='Authorization: Bearer reader-token'
I='Authorization: Bearer invalid'
J='Content-Type: application/json'
T='X-Tenant: acme'
GOOD='{"name":"Katherine Johnson","email":"katherine@example.com","age":42,"role":"reader"}'

probe() {
  label=$1; shift
  out=$(curl -s -D /tmp/errprobe-h.$$ -o /tmp/errprobe-b.$$ -w '%{http_code}' "$@")
  ct=$(grep -i '^content-type:' /tmp/errprobe-h.$$ | cut -d' ' -f2- | tr -d '\r')
  wa=$(grep -i '^www-authenticate:' /tmp/errprobe-h.$$ | cut -d' ' -f2- | tr -d '\r')
  al=$(grep -i '^allow:' /tmp/errprobe-h.$$ | cut -d' ' -f2- | tr -d '\r')
  body=$(head -c 100 /tmp/errprobe-b.$$ | tr '\n' ' ')
  printf '%-44s | %s | %-31s | %-20s | %-29s | %s\n' "$label" "$out" "$ct" "$wa" "$al" "$body"
}

echo "== sanity (valid requests)"
probe "GET /health"                       "$B/health"
probe "GET /users (admin)"                -H "$A" "$B/users?limit=10&role=reader"
probe "GET /users/1 (reader)"             -H "$R" "$B/users/1"
probe "GET /search (reader)"              -H "$R" -H "$T" "$B/search?q=ada"

echo "== malformed: POST /users body (admin)"
probe "truncated JSON"                    -H "$A" -H "$J" -d '{"name": "Ada"' "$B/users"
probe "not JSON at all"                   -H "$A" -H "$J" -d 'hello' "$B/users"
probe "text/plain content type"           -H "$A" -H 'Content-Type: text/plain' -d "$GOOD" "$B/users"
probe "form content type"                 -H "$A" -d 'name=x' "$B/users"
probe "body is a JSON array"              -H "$A" -H "$J" -d '[1,2]' "$B/users"
probe "body is a JSON string"             -H "$A" -H "$J" -d '"x"' "$B/users"
probe "name wrong type (123)"             -H "$A" -H "$J" -d '{"name":123,"email":"k@example.com","age":42}' "$B/users"
probe "email wrong type (true)"           -H "$A" -H "$J" -d '{"name":"K","email":true,"age":42}' "$B/users"
probe "age wrong type (\"abc\")"          -H "$A" -H "$J" -d '{"name":"K","email":"k@example.com","age":"abc"}' "$B/users"
probe "age wrong type (true)"             -H "$A" -H "$J" -d '{"name":"K","email":"k@example.com","age":true}' "$B/users"
probe "age wrong type (null)"             -H "$A" -H "$J" -d '{"name":"K","email":"k@example.com","age":null}' "$B/users"
probe "age below minimum (-1)"            -H "$A" -H "$J" -d '{"name":"K","email":"k@example.com","age":-1}' "$B/users"
probe "age above maximum (151)"           -H "$A" -H "$J" -d '{"name":"K","email":"k@example.com","age":151}' "$B/users"
probe "name empty (minLength)"            -H "$A" -H "$J" -d '{"name":"","email":"k@example.com","age":42}' "$B/users"
probe "name 51 chars (maxLength)"         -H "$A" -H "$J" -d '{"name":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","email":"k@example.com","age":42}' "$B/users"
probe "email not an email"                -H "$A" -H "$J" -d '{"name":"K","email":"not-an-email","age":42}' "$B/users"
probe "email 101 chars (maxLength)"       -H "$A" -H "$J" -d "{\"name\":\"K\",\"email\":\"$(printf 'x%.0s' $(seq 89))@example.com\",\"age\":42}" "$B/users"
probe "role not in enum"                  -H "$A" -H "$J" -d '{"name":"K","email":"k@example.com","age":42,"role":"root"}' "$B/users"
probe "unknown field"                     -H "$A" -H "$J" -d '{"name":"K","email":"k@example.com","age":42,"admin":true}' "$B/users"

echo "== malformed: path and query parameters"
probe "GET /users/abc"                    -H "$R" "$B/users/abc"
probe "GET /users/0"                      -H "$R" "$B/users/0"
probe "GET /users/-1"                     -H "$R" "$B/users/-1"
probe "GET /users/1.5"                    -H "$R" "$B/users/1.5"
probe "DELETE /users/abc (admin)"         -X DELETE -H "$A" "$B/users/abc"
probe "DELETE /users/0 (admin)"           -X DELETE -H "$A" "$B/users/0"
probe "GET /users?limit=abc"              -H "$A" "$B/users?limit=abc"
probe "GET /users?limit=0"                -H "$A" "$B/users?limit=0"
probe "GET /users?limit=101"              -H "$A" "$B/users?limit=101"
probe "GET /users?limit=1.5"              -H "$A" "$B/users?limit=1.5"
probe "GET /users?role=root"              -H "$A" "$B/users?role=root"
probe "GET /search?q= (empty)"            -H "$R" -H "$T" "$B/search?q="

echo "== missing-parameter"
probe "GET /search without q"             -H "$R" -H "$T" "$B/search"
probe "GET /search without X-Tenant"      -H "$R" "$B/search?q=ada"
probe "POST /users no body (no CT)"       -X POST -H "$A" "$B/users"
probe "POST /users no body (JSON CT)"     -X POST -H "$A" -H "$J" "$B/users"
probe "POST /users without name"          -H "$A" -H "$J" -d '{"email":"k@example.com","age":42}' "$B/users"
probe "POST /users without email"         -H "$A" -H "$J" -d '{"name":"K","age":42}' "$B/users"
probe "POST /users without age"           -H "$A" -H "$J" -d '{"name":"K","email":"k@example.com"}' "$B/users"
probe "POST /users empty object"          -H "$A" -H "$J" -d '{}' "$B/users"

echo "== unknown-route"
probe "GET /nonexistent-errprobe"         -H "$A" "$B/nonexistent-errprobe"
probe "GET /users/1/nonexistent"          -H "$A" "$B/users/1/nonexistent"
probe "PATCH /users"                      -X PATCH -H "$A" -H "$J" -d '{}' "$B/users"
probe "PUT /users"                        -X PUT -H "$A" -H "$J" -d '{}' "$B/users"
probe "DELETE /users"                     -X DELETE -H "$A" "$B/users"
probe "PATCH /users/1"                    -X PATCH -H "$A" -H "$J" -d '{}' "$B/users/1"
probe "PUT /users/1"                      -X PUT -H "$A" -H "$J" -d '{}' "$B/users/1"
probe "POST /users/1"                     -X POST -H "$A" -H "$J" -d '{}' "$B/users/1"
probe "POST /search"                      -X POST -H "$A" -H "$T" "$B/search?q=ada"
probe "DELETE /health"                    -X DELETE "$B/health"
probe "OPTIONS /users (auto-answered)"    -X OPTIONS "$B/users"
probe "HEAD /health (auto-answered)"      -I "$B/health"

echo "== forbidden: no token / invalid token / reader token"
probe "GET /users no token"               "$B/users"
probe "GET /users invalid token"          -H "$I" "$B/users"
probe "POST /users no token"              -H "$J" -d "$GOOD" "$B/users"
probe "POST /users invalid token"         -H "$I" -H "$J" -d "$GOOD" "$B/users"
probe "POST /users reader token"          -H "$R" -H "$J" -d "$GOOD" "$B/users"
probe "GET /users/1 no token"             "$B/users/1"
probe "GET /users/1 invalid token"        -H "$I" "$B/users/1"
probe "DELETE /users/3 no token"          -X DELETE "$B/users/3"
probe "DELETE /users/3 invalid token"     -X DELETE -H "$I" "$B/users/3"
probe "GET /search no token"              -H "$T" "$B/search?q=ada"
probe "GET /search invalid token"         -H "$I" -H "$T" "$B/search?q=ada"
probe "GET /users Basic auth"             -H 'Authorization: Basic YWRtaW46YWRtaW4=' "$B/users"
probe "GET /users/abc no token (auth 1st)" "$B/users/abc"
probe "POST /users truncated, no token"   -H "$J" -d '{"name"' "$B/users"
probe "DELETE /users/3 reader token"      -X DELETE -H "$R" "$B/users/3"
probe "DELETE /users/3 reader, again"     -X DELETE -H "$R" "$B/users/3"

echo "== not found (valid token, unknown id)"
probe "GET /users/999 (reader)"           -H "$R" "$B/users/999"
probe "DELETE /users/999 (admin)"         -X DELETE -H "$A" "$B/users/999"
rm -f /tmp/errprobe-h.$$ /tmp/errprobe-b.$$
