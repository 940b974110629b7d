"""careless.py - the same "users" API written carelessly.

The views build their own JSON errors most of the time, but the app has no
error handlers, so everything Flask/Werkzeug answers by itself is one of its
default HTML pages.  The deliberate defects (and only these) are marked with
"DEFECT" comments and listed in EXPECTED.md:

  1. no JSON error handlers: unknown routes (404) and wrong methods (405) are
     Flask's HTML pages;
  2. GET /search reads request.args["q"], so a missing q is Flask's HTML 400;
  3. GET /search never checks the required X-Tenant header (200 without it);
  4. POST /users answers a body that is not valid JSON with a 500 whose
     text/plain body is the Python traceback;
  5. POST /users does not validate `age` (wrong type / out of range -> 201);
  6. GET /users/{id} has no authentication check at all;
  7. GET /users answers a missing/invalid token with 403 (no WWW-Authenticate)
     instead of 401;
  8. GET /users/{id} answers an unknown id with a text/plain 404;
  9. DELETE /users/{id} forgets the role check (reader token -> 204).

Run:  /usr/bin/python3 careless.py --port 5000 [--host 127.0.0.1]
"""

import argparse
import re
import threading
import traceback

from flask import Flask, jsonify, request

app = Flask(__name__)

TOKENS = {
    "admin-token": {"name": "admin", "role": "admin"},
    "reader-token": {"name": "reader", "role": "reader"},
}
ROLES = ("admin", "reader")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_lock = threading.Lock()
USERS = {
    1: {"id": 1, "name": "Ada Lovelace", "email": "ada@example.com", "age": 36, "role": "admin"},
    2: {"id": 2, "name": "Grace Hopper", "email": "grace@example.com", "age": 85, "role": "reader"},
    3: {"id": 3, "name": "Alan Turing", "email": "alan@example.com", "age": 41, "role": "reader"},
}
_next_id = 4

# DEFECT 1: no @app.errorhandler(...) anywhere.


def error(status, name, message, headers=None):
    response = jsonify(error=name, message=message, status=status)
    response.status_code = status
    if headers:
        response.headers.update(headers)
    return response


def unauthorized(message):
    return error(401, "Unauthorized", message, {"WWW-Authenticate": 'Bearer realm="users"'})


def current_identity():
    """Returns the identity for the bearer token, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return TOKENS.get(token.strip())


def bad_id(raw):
    return not re.fullmatch(r"[0-9]+", raw) or int(raw) < 1


def no_content():
    """204 with no body and no Content-Type header."""
    response = app.response_class(status=204)
    del response.headers["Content-Type"]
    return response


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


@app.get("/health")
def health():
    return jsonify(ok=True)


@app.get("/users")
def list_users():
    if current_identity() is None:
        # DEFECT 7: 403 where 401 (with WWW-Authenticate) belongs.
        return error(403, "Forbidden", "You are not allowed to list users.")
    limit = 100
    raw_limit = request.args.get("limit")
    if raw_limit is not None:
        if not re.fullmatch(r"[0-9]+", raw_limit) or not 1 <= int(raw_limit) <= 100:
            return error(400, "Bad Request", "Query parameter 'limit' must be an integer between 1 and 100.")
        limit = int(raw_limit)
    role = request.args.get("role")
    if role is not None and role not in ROLES:
        return error(400, "Bad Request", "Query parameter 'role' must be one of: admin, reader.")
    with _lock:
        users = [u for u in USERS.values() if role is None or u["role"] == role]
    return jsonify(users=users[:limit])


@app.post("/users")
def create_user():
    global _next_id
    identity = current_identity()
    if identity is None:
        return unauthorized("Missing or invalid bearer token.")
    if identity["role"] != "admin":
        return error(403, "Forbidden", "This operation requires the admin role.")
    if not request.get_data(cache=True):
        return error(400, "Bad Request", "A JSON request body is required.")
    if not request.is_json:
        return error(415, "Unsupported Media Type", "Request body must be sent as application/json.")
    try:
        data = request.get_json()
    except Exception:
        # DEFECT 4: the traceback goes straight back to the client.
        return traceback.format_exc(), 500, {"Content-Type": "text/plain; charset=utf-8"}

    if not isinstance(data, dict):
        return error(422, "Unprocessable Entity", "Request body must be a JSON object.")
    unknown = sorted(set(data) - {"name", "email", "age", "role"})
    if unknown:
        return error(422, "Unprocessable Entity", "Unknown field(s): %s." % ", ".join(unknown))
    for field in ("name", "email", "age"):
        if field not in data:
            return error(422, "Unprocessable Entity", "Field '%s' is required." % field)
    name, email, age = data["name"], data["email"], data["age"]
    if not isinstance(name, str) or not 1 <= len(name) <= 50:
        return error(422, "Unprocessable Entity", "Field 'name' must be a string of 1 to 50 characters.")
    if not isinstance(email, str) or len(email) > 100 or not EMAIL_RE.match(email):
        return error(422, "Unprocessable Entity", "Field 'email' must be an email address of at most 100 characters.")
    # DEFECT 5: `age` is stored as given - no type or range check.
    role = data.get("role", "reader")
    if role not in ROLES:
        return error(422, "Unprocessable Entity", "Field 'role' must be one of: admin, reader.")
    with _lock:
        user = {"id": _next_id, "name": name, "email": email, "age": age, "role": role}
        USERS[_next_id] = user
        _next_id += 1
    return jsonify(user), 201


@app.get("/users/<user_id>")
def get_user(user_id):
    # DEFECT 6: no authentication check here.
    if bad_id(user_id):
        return error(400, "Bad Request", "Path parameter 'id' must be an integer >= 1.")
    with _lock:
        user = USERS.get(int(user_id))
    if user is None:
        # DEFECT 8: plain-text 404.
        return "user not found", 404, {"Content-Type": "text/plain; charset=utf-8"}
    return jsonify(user)


@app.delete("/users/<user_id>")
def delete_user(user_id):
    if current_identity() is None:
        return unauthorized("Missing or invalid bearer token.")
    # DEFECT 9: no role check - any authenticated user may delete.
    if bad_id(user_id):
        return error(400, "Bad Request", "Path parameter 'id' must be an integer >= 1.")
    with _lock:
        if USERS.pop(int(user_id), None) is None:
            return error(404, "Not Found", "User %s does not exist." % user_id)
    return no_content()


@app.get("/search")
def search():
    if current_identity() is None:
        return unauthorized("Missing or invalid bearer token.")
    # DEFECT 2: a missing q raises BadRequestKeyError -> Flask's HTML 400.
    q = request.args["q"]
    if len(q) < 1:
        return error(400, "Bad Request", "Query parameter 'q' must not be empty.")
    # DEFECT 3: the required X-Tenant header is never checked.
    tenant = request.headers.get("X-Tenant", "")
    needle = q.lower()
    with _lock:
        results = [u for u in USERS.values()
                   if needle in u["name"].lower() or needle in u["email"].lower()]
    return jsonify(tenant=tenant, query=q, results=results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    args = parser.parse_args()
    print("listening on http://%s:%d" % (args.host, args.port), flush=True)
    app.run(args.host, args.port, debug=False, use_reloader=False)


if __name__ == "__main__":
    main()
