#!/bin/sh
# Compiles src/ into dist/ with the locked TypeScript when dist/index.js is
# missing or older than a source file (npm ci --prefix examples/targets/loopback first).
set -eu
cd "$(dirname "$0")"
if [ ! -f dist/index.js ] || [ -n "$(find src tsconfig.json -newer dist/index.js 2>/dev/null)" ]; then
  node node_modules/typescript/bin/tsc -p tsconfig.json
fi
