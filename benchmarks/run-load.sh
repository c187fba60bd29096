#!/usr/bin/env bash
# Runs the client-protocol load harness (src/main/js/load.mjs) against a fresh `./slipway serve` in
# a second process, on a fresh data directory (docs/BENCHMARKS.md, "Client protocol").
#
# Usage: benchmarks/run-load.sh sqlite|postgres [load.mjs options, e.g. --scenarios=http --json]
# PostgreSQL: the database `test` at 127.0.0.1:5432 (user postgres); its schema dep_default is dropped
# first, so every run starts empty. SLIPWAY_LOAD_PORT picks the port (default 3290); SLIPWAY_LOAD_SERVER
# the launcher to start (default: ./slipway, which rebuilds when the sources changed; it must exec the
# JVM, so that its process id is the server's). The harness gets the server's process id, to report the
# server's CPU time per operation and to wait for the server to be quiet before measuring.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
backend="${1:-sqlite}"
shift || true
port="${SLIPWAY_LOAD_PORT:-3290}"
data="$(mktemp -d)"
serve=(serve --port "$port" --data "$data")
case "$backend" in
  sqlite) ;;
  postgres)
    psql -q -h 127.0.0.1 -U postgres test -c 'DROP SCHEMA IF EXISTS dep_default CASCADE' >/dev/null
    serve+=(--persistence postgres --db-url postgres://postgres@127.0.0.1:5432/test) ;;
  *) echo "run-load.sh: backend must be sqlite or postgres, got \"$backend\"" >&2; exit 2 ;;
esac
(cd "$root/benchmarks/src/main/js" && [ -d node_modules ] || npm ci --silent)
"${SLIPWAY_LOAD_SERVER:-$root/slipway}" "${serve[@]}" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
  kill -0 $server 2>/dev/null || { cat "$data/server.log" >&2; exit 1; }
  sleep 0.5
done
# A larger young generation for the harness (its workers inherit it): a third as many scavenges,
# each of which would delay the calls and updates being timed (docs/BENCHMARKS.md, "Client protocol").
node --max-semi-space-size=64 "$root/benchmarks/src/main/js/load.mjs" --url="http://127.0.0.1:$port/d/default" \
  --admin-key="$(cat "$data/admin.key")" --server-pid="$server" "$@"
