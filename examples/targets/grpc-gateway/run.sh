#!/bin/sh
# Builds and starts the grpc-gateway error-handler app on 127.0.0.1:PORT:
# run.sh --port PORT. grpc-gateway comes from this directory's own go.mod.
set -eu
[ "${1:-}" = --port ] && [ -n "${2:-}" ] || { echo "usage: run.sh --port PORT" >&2; exit 2; }
cd "$(dirname "$0")"
bin=$(mktemp -d "${TMPDIR:-/tmp}/errprobe-grpc-gateway.XXXXXX")/grpc-gateway
go build -o "$bin" .
exec "$bin" --port "$2"
