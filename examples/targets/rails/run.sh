#!/bin/sh
# Starts the Rails error-answer app on 127.0.0.1:PORT: run.sh --port PORT
# (Debian's ruby-railties, ruby-actionpack, ruby-activemodel, ruby-webrick).
set -eu
[ "${1:-}" = --port ] && [ -n "${2:-}" ] || { echo "usage: run.sh --port PORT" >&2; exit 2; }
cd "$(dirname "$0")"
exec ruby app.rb --port "$2"
