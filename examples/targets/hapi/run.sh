#!/bin/sh
# Starts the hapi target on 127.0.0.1:PORT with a fresh store:
# run.sh --port PORT (npm ci --prefix examples/targets/hapi first).
set -eu
[ "${1:-}" = --port ] && [ -n "${2:-}" ] || { echo "usage: run.sh --port PORT" >&2; exit 2; }
cd "$(dirname "$0")"
exec node server.js --port "$2"
