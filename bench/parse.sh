#!/bin/sh
# Tag+parse throughput (one core) over Reuters-21578, Distribution 1.0:
# model load time, model RSS, peak RSS, sentences/s and words/s.
# usage: bench/parse.sh [BUILD_DIR] [MODEL] [MAX_DOCS]
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-bench}
model=${2:-$root/data/models/en-ud.avm}
max=${3:-1000000}
data=${AVOCET_SHARED:-$root/../shared}/news/reuters21578.jsonl
[ -f "$data" ] || { echo "parse.sh: $data not found" >&2; exit 77; }
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAVOCET_TESTS=OFF >/dev/null
fi
cmake --build "$build" -j2 --target parse_bench >/dev/null
# one core, the last: core 0 also serves the interrupts (BENCH_CPU overrides)
taskset -c "${BENCH_CPU:-$(($(nproc) - 1))}" "$build/bench/parse_bench" "$data" "$model" "$max" 2>/dev/null ||
    "$build/bench/parse_bench" "$data" "$model" "$max"
