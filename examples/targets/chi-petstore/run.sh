#!/bin/sh
# Builds and starts the chi petstore target on 127.0.0.1:PORT with an empty
# store: run.sh --port PORT. chi, oapi-codegen's runtime and middleware and
# kin-openapi come from this directory's own go.mod (the Go module proxy),
# so errprobe's go.mod gains nothing.
set -eu
[ "${1:-}" = --port ] && [ -n "${2:-}" ] || { echo "usage: run.sh --port PORT" >&2; exit 2; }
cd "$(dirname "$0")"
bin=$(mktemp -d "${TMPDIR:-/tmp}/errprobe-chi-petstore.XXXXXX")/chi-petstore-target
go build -o "$bin" .
exec "$bin" --port "$2"
