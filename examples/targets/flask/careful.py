"""careful.py - the "users" API written the way careful Flask developers do it.

Every error, whether raised by our own views (abort / ValidationError) or by
Flask/Werkzeug itself (unknown route 404, wrong method 405, ...), is answered
with a JSON body {"error", "message", "status"} and the right status code.
Unexpected exceptions are logged and answered with a generic JSON 500 that
leaks nothing.  Authentication is checked before any validation.

Run:  /usr/bin/python3 careful.py --port 5000 [--host 127.0.0.1]
"""

import argparse
import json
import re
import sys
import threading

from flask import Flask, Response, abort, g, jsonify, request
from werkzeug.exceptions import HTTPException

app = Flask(__name__)

TOKENS = {
    "admin-token": {"name": "admin", "role": "admin"},
    "reader-token": {"name": "reader", "role": "reader"},
}
ROLES = ("admin", "reader")
WWW_AUTHENTICATE = 'Bearer realm="users"'
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_lock = threading.Lock()
USERS = {
    1: {"id": 1, "name": "Ada Lovelace", "email": "ada@example.com", "age": 36, "role": "admin"},
    2: {"id": 2, "name": "Grace Hopper", "email": "grace@example.com", "age": 85, "role": "reader"},
    3: {"id": 3, "name": "Alan Turing", "email": "alan@example.com", "age": 41, "role": "reader"},
}
_next_id = 4


class ValidationError(Exception):
    """Well-formed input that does not satisfy the schema -> 422."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------
# Error handlers
# --------------------------------------------------------------------------

def _error_body(name, message, status):
    return json.dumps({"error": name, "message": message, "status": status})


@app.errorhandler(HTTPException)
def handle_http_exception(e):
    # get_response() keeps the exception's own headers (e.g. Allow on 405);
    # we only swap the HTML body for JSON.
    response = e.get_response()
    response.data = _error_body(e.name, e.description, e.code)
    response.content_type = "application/json"
    if e.code == 401:
        response.headers["WWW-Authenticate"] = WWW_AUTHENTICATE
    return response


@app.errorhandler(ValidationError)
def handle_validation_error(e):
    return Response(
        _error_body("Unprocessable Entity", e.message, 422),
        status=422,
        content_type="application/json",
    )


@app.errorhandler(Exception)
def handle_unexpected(e):
    app.logger.exception("unhandled exception on %s %s", request.method, request.path)
    return Response(
        _error_body("Internal Server Error", "An unexpected error occurred.", 500),
        status=500,
        content_type="application/json",
    )


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def authenticate():
    header = request.headers.get("Authorization", "")
    if not header:
        abort(401, description="Missing bearer token.")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        abort(401, description="Authorization header must be 'Bearer <token>'.")
    identity = TOKENS.get(token.strip())
    if identity is None:
        abort(401, description="Invalid bearer token.")
    g.identity = identity
    return identity


def require_admin():
    identity = authenticate()
    if identity["role"] != "admin":
        abort(403, description="This operation requires the admin role.")
    return identity


def parse_user_id(raw):
    if not re.fullmatch(r"[0-9]+", raw) or int(raw) < 1:
        abort(400, description="Path parameter 'id' must be an integer >= 1.")
    return int(raw)


def no_content():
    """204 with no body and no Content-Type header."""
    response = app.response_class(status=204)
    del response.headers["Content-Type"]
    return response


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def validate_new_user(data):
    if not isinstance(data, dict):
        raise ValidationError("Request body must be a JSON object.")
    allowed = {"name", "email", "age", "role"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError("Unknown field(s): %s." % ", ".join(unknown))
    for field in ("name", "email", "age"):
        if field not in data:
            raise ValidationError("Field '%s' is required." % field)

    name = data["name"]
    if not isinstance(name, str):
        raise ValidationError("Field 'name' must be a string.")
    if not 1 <= len(name) <= 50:
        raise ValidationError("Field 'name' must be 1 to 50 characters long.")

    email = data["email"]
    if not isinstance(email, str):
        raise ValidationError("Field 'email' must be a string.")
    if len(email) > 100:
        raise ValidationError("Field 'email' must be at most 100 characters long.")
    if not EMAIL_RE.match(email):
        raise ValidationError("Field 'email' must be an email address.")

    age = data["age"]
    if not is_int(age):
        raise ValidationError("Field 'age' must be an integer.")
    if not 0 <= age <= 150:
        raise ValidationError("Field 'age' must be between 0 and 150.")

    role = data.get("role", "reader")
    if role not in ROLES:
        raise ValidationError("Field 'role' must be one of: admin, reader.")
    return {"name": name, "email": email, "age": age, "role": role}


# --------------------------------------------------------------------------
# Routes
# --------------------------------------------------------------------------

@app.get("/health")
def health():
    return jsonify(ok=True)


@app.get("/users")
def list_users():
    authenticate()
    limit = 100
    raw_limit = request.args.get("limit")
    if raw_limit is not None:
        if not re.fullmatch(r"[0-9]+", raw_limit) or not 1 <= int(raw_limit) <= 100:
            abort(400, description="Query parameter 'limit' must be an integer between 1 and 100.")
        limit = int(raw_limit)
    role = request.args.get("role")
    if role is not None and role not in ROLES:
        abort(400, description="Query parameter 'role' must be one of: admin, reader.")
    with _lock:
        users = [u for u in USERS.values() if role is None or u["role"] == role]
    return jsonify(users=users[:limit])


@app.post("/users")
def create_user():
    global _next_id
    require_admin()
    if not request.get_data(cache=True):
        abort(400, description="A JSON request body is required.")
    if not request.is_json:
        abort(415, description="Request body must be sent as application/json.")
    try:
        data = json.loads(request.get_data(cache=True))
    except (ValueError, RecursionError):  # JSONDecodeError, UnicodeDecodeError, absurd nesting
        abort(400, description="Request body is not valid JSON.")
    user = validate_new_user(data)
    with _lock:
        user = {"id": _next_id, **user}
        USERS[_next_id] = user
        _next_id += 1
    return jsonify(user), 201


@app.get("/users/<user_id>")
def get_user(user_id):
    authenticate()
    uid = parse_user_id(user_id)
    with _lock:
        user = USERS.get(uid)
    if user is None:
        abort(404, description="User %d does not exist." % uid)
    return jsonify(user)


@app.delete("/users/<user_id>")
def delete_user(user_id):
    require_admin()
    uid = parse_user_id(user_id)
    with _lock:
        if USERS.pop(uid, None) is None:
            abort(404, description="User %d does not exist." % uid)
    return no_content()


@app.get("/search")
def search():
    authenticate()
    q = request.args.get("q")
    if q is None or len(q) < 1:
        abort(400, description="Query parameter 'q' is required and must not be empty.")
    tenant = request.headers.get("X-Tenant")
    if tenant is None:
        abort(400, description="Header 'X-Tenant' is required.")
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
