#!/bin/sh
# Starts Debian's prometheus-alertmanager (0.25) on 127.0.0.1:PORT with a
# minimal configuration and a fresh store: run.sh --port PORT
set -eu
[ "${1:-}" = --port ] && [ -n "${2:-}" ] || { echo "usage: run.sh --port PORT" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/errprobe-alertmanager.XXXXXX")
cd "$(dirname "$0")"
exec prometheus-alertmanager --config.file=alertmanager.yml --storage.path="$dir" \
  --web.listen-address="127.0.0.1:$2" --cluster.listen-address= --log.level=warn
