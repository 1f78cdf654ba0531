#!/bin/sh
# dict_bench.sh — load-time and memory benchmark of the dict stage (issue 4):
# the full Phoenix actors (Countries + International + MilNonState), the
# Phoenix agents and the CAMEO.2.0 verbs from ../shared/petrarch.
# Target: <= 300 ms and <= 150 MB RSS.
#
# usage: bench/dict_bench.sh [BUILD_DIR]    (default: build; needs libavocet.a)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shared=${AVOCET_SHARED:-$root/../shared}/petrarch
[ -f "$shared/CAMEO.2.0.txt" ] || { echo "no $shared: skipped"; exit 0; }
out=$build/bench-dict-load
cc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -I"$root/include" "$root/bench/dict_load.c" \
   "$build/libavocet.a" $(pkg-config --libs libutf8proc jansson gumbo sqlite3 libzstd) \
   -lpthread -lm -o "$out"
set -- "$shared/Phoenix.Countries.actors.txt" "$shared/Phoenix.International.actors.txt" \
    "$shared/Phoenix.MilNonState.actors.txt" "$shared/Phoenix.agents.txt" "$shared/CAMEO.2.0.txt"
echo "# parsing the text dictionaries"
"$out" -n 5 "$@"
echo "# from the compiled cache"
"$out" -n 6 -c "$build/bench-dict.cache" "$@"
rm -f "$build/bench-dict.cache"
