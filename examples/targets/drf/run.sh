#!/bin/sh
# Starts the Django REST framework target on 127.0.0.1:PORT with a fresh
# store: run.sh --port PORT (needs Debian's python3-djangorestframework,
# python3-uritemplate and python3-yaml for /usr/bin/python3).
set -eu
[ "${1:-}" = --port ] && [ -n "${2:-}" ] || { echo "usage: run.sh --port PORT" >&2; exit 2; }
cd "$(dirname "$0")"
exec /usr/bin/python3 app.py --port "$2"
