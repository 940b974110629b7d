#!/bin/sh
# Starts the NestJS target on 127.0.0.1:PORT with a fresh store:
# run.sh --port PORT. Compiles src/ into dist/ first when dist/ is missing or
# older than a source file (npm ci --prefix examples/targets/nestjs first).
set -eu
[ "${1:-}" = --port ] && [ -n "${2:-}" ] || { echo "usage: run.sh --port PORT" >&2; exit 2; }
cd "$(dirname "$0")"
if [ ! -f dist/main.js ] || [ -n "$(find src tsconfig.json -newer dist/main.js 2>/dev/null)" ]; then
  node node_modules/typescript/bin/tsc -p tsconfig.json
fi
exec node dist/main.js --port "$2"
