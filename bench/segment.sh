#!/bin/sh
# Segmentation throughput (one core) over Reuters-21578, Distribution 1.0.
# usage: bench/segment.sh [BUILD_DIR] [REPEAT]
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-bench}
repeat=${2:-3}
data=${AVOCET_SHARED:-$root/../shared}/news/reuters21578.jsonl
[ -f "$data" ] || { echo "segment.sh: $data not found" >&2; exit 77; }
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAVOCET_TESTS=OFF >/dev/null
fi
cmake --build "$build" -j2 --target bench_segment >/dev/null
# one core, the last: core 0 also serves the interrupts (BENCH_CPU overrides)
taskset -c "${BENCH_CPU:-$(($(nproc) - 1))}" "$build/bench/bench_segment" "$data" "$repeat" 2>/dev/null ||
    "$build/bench/bench_segment" "$data" "$repeat"
