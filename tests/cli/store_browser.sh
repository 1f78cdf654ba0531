#!/bin/bash
# Browser test of the web page (tests/browser/store_browser.mjs): ingests a
# small corpus, starts avocet serve on 127.0.0.1, and drives chromium with
# playwright-core.  Skips (77) without node, chromium or the npm packages
# (scripts/build-web.sh installs them).  Screenshot: next to the avocet
# binary, store_browser.png.
set -u
BIN=${AVOCET_BIN:?}
SRC=${AVOCET_SOURCE:?}
DATA=${AVOCET_TEST_DATA:?}/store
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
command -v node >/dev/null || { echo "skip: node not found"; exit 77; }
[ -x "$CHROMIUM" ] || { echo "skip: $CHROMIUM not found"; exit 77; }
[ -d "$SRC/web/node_modules/playwright-core" ] && [ -d "$SRC/web/node_modules/leaflet" ] ||
    { echo "skip: npm packages missing (run scripts/build-web.sh)"; exit 77; }

WORK=$(mktemp -d)
SERVER=
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
AVOCET_WEB_OFFLINE=1 bash "$SRC/scripts/build-web.sh" "$WORK/web" || exit 1
"$BIN" ingest "$DATA/reports.conllu" --db "$WORK/events.db" --date 2026-05-04 --no-enrich --quiet &&
"$BIN" ingest "$DATA/wires.conllu" --db "$WORK/events.db" --date 2026-05-05 --no-enrich --quiet || exit 1

"$BIN" serve --db "$WORK/events.db" --port 0 --web "$WORK/web" 2> "$WORK/serve.log" &
SERVER=$!
port=
for _ in $(seq 100); do
    port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$WORK/serve.log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "FAIL: server did not start"; cat "$WORK/serve.log"; exit 1; }
shot="$(dirname "$BIN")/store_browser.png"
timeout 120 node "$SRC/tests/browser/store_browser.mjs" "http://127.0.0.1:$port/" "$shot"
