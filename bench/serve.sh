#!/bin/bash
# Load benchmark of avocet serve (not part of the test suite):
#   bench/serve.sh BUILD_DIR [EVENTS] [SECONDS] [CONNECTIONS] [THREADS]
# Builds serve_bench, makes a synthetic database of EVENTS (default
# 1,000,000) events in bench/out/, starts avocet serve on 127.0.0.1 and runs
# keep-alive requests on /api/events with mixed filters.
set -euo pipefail
B=${1:?usage: bench/serve.sh BUILD_DIR [EVENTS] [SECONDS] [CONNECTIONS] [THREADS]}
N=${2:-1000000}
SECS=${3:-20}
CONNS=${4:-8}
THREADS=${5:-2}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cmake --build "$B" -j2 --target avocet serve_bench >/dev/null
mkdir -p "$ROOT/bench/out"
DB="$ROOT/bench/out/serve-$N.db"
[ -f "$DB" ] || "$B/bench/serve_bench" gen "$DB" "$N"
"$B/bench/serve_bench" migrate "$DB"   # a database made by an older avocet
"$B/avocet" serve --db "$DB" --port 0 --threads "$THREADS" 2> "$ROOT/bench/out/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
port=
for _ in $(seq 100); do
    port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$ROOT/bench/out/serve.log")
    [ -n "$port" ] && break
    sleep 0.1
done
echo "events: $N, server threads: $THREADS, client connections: $CONNS, $(nproc) cores"
"$B/bench/serve_bench" load "$port" 2 "$CONNS" >/dev/null || true   # warm the page cache
echo "-- mixed filters (10 kinds of request):"
"$B/bench/serve_bench" load "$port" "$SECS" "$CONNS"
echo "-- newest page only (/api/events, 50 rows):"
"$B/bench/serve_bench" load "$port" "$SECS" "$CONNS" /api/events
