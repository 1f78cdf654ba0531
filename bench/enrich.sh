#!/usr/bin/env bash
# bench/enrich.sh — what enrichment (dates, places, quantities) costs.
#
#   bench/enrich.sh [BUILD_DIR]          (default build)
#   MODEL=path/to/en-ud.avm bench/enrich.sh build   also codes raw news text
#
# Reports: gazetteer load time (median of 5), end-to-end `avocet code` CPU
# time (user+sys, best of 5: steadier than wall time on a shared machine)
# with and without --no-enrich, and the peak RSS of both.
# Inputs from ../shared (research/benchmark use only, never copied):
#   ud/en_ewt-train.conllu   12,544 sentences coded on their gold trees (no
#                            parsing: the enrichment share is an upper bound)
#   news/reuters21578.jsonl  Reuters-21578, Distribution 1.0 (with MODEL)
set -euo pipefail
build=${1:-build}
bin="$build/avocet"
shared=${AVOCET_SHARED:-$(cd "$(dirname "$0")/../.." && pwd)/shared}
gaz=${AVOCET_GAZETTEER:-$build/gazetteer/places.avg}
[ -x "$bin" ] || { echo "no $bin: build first" >&2; exit 1; }
[ -f "$gaz" ] || { echo "no gazetteer at $gaz (cmake --build $build --target gazetteer)" >&2; exit 1; }

echo "gazetteer: $("$bin" gazetteer info --gazetteer "$gaz" | awk '/places/{print $2}') places, $(du -k "$gaz" | cut -f1) KiB"
loads=$(for i in 1 2 3 4 5; do "$bin" gazetteer info --gazetteer "$gaz" | awk '/load_ms/{print $2}'; done | sort -n)
echo "gazetteer load ms (5 runs, sorted): $(echo $loads)  median: $(echo "$loads" | sed -n 3p)"

measure() {  # label, then the avocet arguments
  local label=$1; shift
  local best=999999 rss=0
  for i in 1 2 3 4 5; do
    /usr/bin/time -f "%U %S %M" -o /tmp/avocet-bench-enrich.time "$bin" "$@" >/dev/null 2>/tmp/avocet-bench-enrich.err || true
    read -r user sys kib < /tmp/avocet-bench-enrich.time
    secs=$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')
    best=$(awk -v a="$best" -v b="$secs" 'BEGIN{print (b<a)?b:a}')
    rss=$kib
  done
  echo "$label: best ${best}s CPU  peak RSS ${rss} KiB"
  eval "${label//[^a-z_]/_}_s=$best; ${label//[^a-z_]/_}_kib=$rss"
}

run_pair() {  # name, then the avocet arguments
  local name=$1; shift
  measure off code --no-enrich "$@"
  measure on code --gazetteer "$gaz" "$@"
  awk -v a="$off_s" -v b="$on_s" -v ra="$off_kib" -v rb="$on_kib" -v n="$name" \
    'BEGIN{printf "%s: enrichment adds %.1f%% time, %.1f MiB RSS\n", n, (b-a)/a*100, (rb-ra)/1024}'
}

ud="$shared/ud/en_ewt-train.conllu"
if [ -f "$ud" ]; then
  run_pair "ewt-train (gold trees)" --format conllu "$ud"
fi
news="$shared/news/reuters21578.jsonl"
if [ -n "${MODEL:-}" ] && [ -f "$news" ]; then
  head -n "${NEWS_DOCS:-2000}" "$news" > /tmp/avocet-bench-news.jsonl
  run_pair "Reuters-21578 first ${NEWS_DOCS:-2000} articles" --model "$MODEL" /tmp/avocet-bench-news.jsonl
fi
