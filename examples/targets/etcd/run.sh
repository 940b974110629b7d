#!/bin/sh
# Starts Debian's etcd-server (3.4) as a one-member cluster with a fresh
# data directory, its gRPC gateway (the JSON API under /v3) on
# 127.0.0.1:PORT: run.sh --port PORT
set -eu
[ "${1:-}" = --port ] && [ -n "${2:-}" ] || { echo "usage: run.sh --port PORT" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/errprobe-etcd.XXXXXX")
peer=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
exec etcd --name default --data-dir "$dir" --log-level error \
  --listen-client-urls "http://127.0.0.1:$2" --advertise-client-urls "http://127.0.0.1:$2" \
  --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
  --initial-cluster "default=http://127.0.0.1:$peer"
