#!/bin/sh
# Builds and starts the Echo + swag notes target on 127.0.0.1:PORT with one
# note (id 1): run.sh --port PORT. Echo comes from this directory's own
# go.mod (the Go module proxy), so errprobe's go.mod gains nothing.
set -eu
[ "${1:-}" = --port ] && [ -n "${2:-}" ] || { echo "usage: run.sh --port PORT" >&2; exit 2; }
cd "$(dirname "$0")"
bin=$(mktemp -d "${TMPDIR:-/tmp}/errprobe-echo-swag.XXXXXX")/echo-swag-target
go build -o "$bin" .
exec "$bin" --port "$2"
