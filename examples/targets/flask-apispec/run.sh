#!/bin/sh
# Starts the Flask + webargs + apispec target on 127.0.0.1:PORT with a fresh
# store: run.sh --port PORT (needs Debian's python3-flask, python3-webargs,
# python3-apispec, python3-marshmallow and python3-yaml for /usr/bin/python3).
set -eu
[ "${1:-}" = --port ] && [ -n "${2:-}" ] || { echo "usage: run.sh --port PORT" >&2; exit 2; }
cd "$(dirname "$0")"
exec /usr/bin/python3 app.py --port "$2"
