#!/bin/sh
# Builds and starts the Gin target on 127.0.0.1:PORT with a fresh store:
# run.sh --port PORT. Gin comes from this directory's own go.mod (the Go
# module proxy), so errprobe's go.mod gains nothing.
set -eu
[ "${1:-}" = --port ] && [ -n "${2:-}" ] || { echo "usage: run.sh --port PORT" >&2; exit 2; }
cd "$(dirname "$0")"
bin=$(mktemp -d "${TMPDIR:-/tmp}/errprobe-gin.XXXXXX")/gin-target
go build -o "$bin" .
exec "$bin" --port "$2"
