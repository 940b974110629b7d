#!/bin/sh
# Starts the LoopBack target on 127.0.0.1:PORT with a fresh store:
# run.sh --port PORT. Compiles src/ into dist/ first when dist/ is missing or
# older than a source file (npm ci --prefix examples/targets/loopback first).
set -eu
[ "${1:-}" = --port ] && [ -n "${2:-}" ] || { echo "usage: run.sh --port PORT" >&2; exit 2; }
cd "$(dirname "$0")"
if [ ! -f dist/index.js ] || [ -n "$(find src tsconfig.json -newer dist/index.js 2>/dev/null)" ]; then
  node node_modules/typescript/bin/tsc -p tsconfig.json
fi
exec node dist/index.js --port "$2"
