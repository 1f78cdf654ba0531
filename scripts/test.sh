#!/usr/bin/env bash
# The whole test suite: installs dependencies, builds with -Werror, runs every
# test, then builds and runs the suite again under AddressSanitizer +
# UndefinedBehaviorSanitizer.  Tests that need ../shared skip when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh

JOBS=$(nproc 2>/dev/null || echo 2)

echo "== build (release, -Werror) =="
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DAVOCET_WERROR=ON >/dev/null
cmake --build build -j "$JOBS"
echo "== tests =="
(cd build && ctest --output-on-failure -j "$JOBS")

echo "== build (ASan + UBSan) =="
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DAVOCET_WERROR=ON -DAVOCET_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$JOBS"
echo "== tests under sanitizers =="
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
   AVOCET_SANITIZED=1 ctest --output-on-failure -j "$JOBS")
