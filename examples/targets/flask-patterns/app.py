"""app.py - a small notes API built from the common Flask error-handling
patterns, with the two slips careful teams still make:

1. A catch-all @app.errorhandler(Exception) that answers every exception
   with a JSON 500, with no HTTPException handler in front of it: Werkzeug's
   405 (and any abort()) reaches it as an exception and becomes a 500.
2. Missing credentials answered with 403 instead of 401 + WWW-Authenticate.

Everything else is done the careful way: JSON errors, validation with
abort(400), 404 for a missing note, no traceback ever in a response.

Run:  /usr/bin/python3 app.py --port 5000
"""

import argparse
import threading

from flask import Flask, abort, jsonify, request
from werkzeug.exceptions import NotFound

app = Flask(__name__)
TOKEN = "notes-token"
_lock = threading.Lock()
NOTES = {1: {"id": 1, "text": "first note"}}
_next = 2


@app.errorhandler(NotFound)
def not_found(e):
    return jsonify(error="Not Found", message=e.description, status=404), 404


@app.errorhandler(Exception)
def everything_else(e):
    # Slip 1: HTTPException subclasses (405, 400 from abort) land here too.
    app.logger.exception("unhandled error")
    return jsonify(error="Internal Server Error", message="Something went wrong.", status=500), 500


def authorised():
    header = request.headers.get("Authorization", "")
    if header != "Bearer " + TOKEN:
        # Slip 2: 403 for missing or wrong credentials, no challenge.
        return jsonify(error="Forbidden", message="Missing or invalid token.", status=403), 403
    return None


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.get("/notes")
def list_notes():
    denied = authorised()
    if denied:
        return denied
    with _lock:
        return jsonify(list(NOTES.values()))


@app.post("/notes")
def create_note():
    global _next
    denied = authorised()
    if denied:
        return denied
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("text"), str) or not 1 <= len(body["text"]) <= 200:
        return jsonify(error="Bad Request", message="text must be a string of 1 to 200 characters.", status=400), 400
    with _lock:
        note = {"id": _next, "text": body["text"]}
        NOTES[_next] = note
        _next += 1
    return jsonify(note), 201


@app.get("/notes/<int:note_id>")
def get_note(note_id):
    denied = authorised()
    if denied:
        return denied
    with _lock:
        note = NOTES.get(note_id)
    if note is None:
        abort(404, description=f"Note {note_id} does not exist.")
    return jsonify(note)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    app.run(host=args.host, port=args.port, threaded=True)


if __name__ == "__main__":
    main()
