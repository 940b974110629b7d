#!/bin/sh
# Starts Debian's pdns-server (4.7) with the gsqlite3 backend on a fresh
# database holding one zone, example.org., and its HTTP API on
# 127.0.0.1:PORT with the key errprobe-e2e-key: run.sh --port PORT
set -eu
[ "${1:-}" = --port ] && [ -n "${2:-}" ] || { echo "usage: run.sh --port PORT" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/errprobe-pdns.XXXXXX")
sqlite3 "$dir/pdns.db" < /usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql
sqlite3 "$dir/pdns.db" <<'SQL'
INSERT INTO domains (name, type) VALUES ('example.org', 'NATIVE');
INSERT INTO records (domain_id, name, type, content, ttl, disabled, auth)
  VALUES (1, 'example.org', 'SOA', 'ns1.example.org. hostmaster.example.org. 1 10800 3600 604800 3600', 3600, 0, 1);
SQL
# The DNS side listens too; it gets a free port of its own.
dns=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
exec pdns_server --no-config --daemon=no --guardian=no --disable-syslog --loglevel=3 \
  --socket-dir="$dir" --launch=gsqlite3 --gsqlite3-database="$dir/pdns.db" \
  --local-address="127.0.0.1:$dns" \
  --api=yes --api-key=errprobe-e2e-key --webserver=yes --webserver-address=127.0.0.1 \
  --webserver-port="$2" --webserver-allow-from=127.0.0.0/8
