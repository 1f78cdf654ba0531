#!/usr/bin/env bash
# Builds the static files of avocet serve's web page into build/web (or
# $1): the page (web/), Leaflet, and country outlines made from the
# world-atlas package.  Needs node + npm and the npm registry once, at
# set-up time; nothing is fetched at run time.  Without npm it says so and
# exits 0 (avocet serve then serves the API only).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/build/web}
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "build-web: node/npm not found; the web page is not built" >&2
    exit 0
fi
cd "$ROOT/web"
if [ "${AVOCET_WEB_OFFLINE:-0}" = 1 ]; then
    # tests: use the packages installed at set-up time, never the network
    [ -d node_modules/leaflet ] && [ -d node_modules/world-atlas ] ||
        { echo "build-web: npm packages missing (run scripts/build-web.sh once)" >&2; exit 1; }
elif [ -f package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    : # installed from this lock already: no network needed
elif [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error >&2
else
    npm install --no-audit --no-fund --loglevel=error >&2
fi
mkdir -p "$OUT/images"
cp index.html app.js style.css "$OUT/"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$OUT/"
cp node_modules/leaflet/dist/images/*.png "$OUT/images/"
node tools/outlines.mjs > "$OUT/countries.geojson.tmp"
mv "$OUT/countries.geojson.tmp" "$OUT/countries.geojson"
echo "build-web: web page built in $OUT" >&2
