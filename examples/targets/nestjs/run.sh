#!/bin/sh
# Starts the NestJS target on 127.0.0.1:PORT with a fresh store:
# run.sh --port PORT (compiles first when needed: build.sh).
set -eu
[ "${1:-}" = --port ] && [ -n "${2:-}" ] || { echo "usage: run.sh --port PORT" >&2; exit 2; }
cd "$(dirname "$0")"
sh build.sh
exec node dist/main.js --port "$2"
