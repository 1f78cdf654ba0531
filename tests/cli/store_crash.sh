#!/bin/bash
# Crash safety of avocet ingest: an ingest killed with SIGKILL at random
# points (at least 20 times) and then run to the end must give exactly the
# database of one uninterrupted run — no lost and no duplicated event.
# Input: gold-parsed CoNLL-U (no model needed), generated from
# tests/data/store/reports.conllu with varying numbers; every 10th article
# repeats the previous text under a new id (text-hash de-duplication).
set -u
BIN=${AVOCET_BIN:?}
DATA=${AVOCET_TEST_DATA:?}/store
# the small fixture dictionaries and no place index: start-up in
# milliseconds, so most of each run is coding and committing
CODE=(--dict "${AVOCET_TEST_DATA}/code/dict" --no-enrich --quiet)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
N=${STORE_CRASH_ARTICLES:-600}
[ "${AVOCET_SANITIZED:-0}" = 1 ] && N=150

awk -v n="$N" '{ lines[NR] = $0 }
    END {
        for (i = 1; i <= n; i++) {
            k = (i % 10 == 0) ? i - 1 : i
            for (l = 1; l <= NR; l++) {
                line = lines[l]
                sub(/report-0/, "report-" i, line)
                sub(/killed 12 /, "killed " k " ", line)
                sub(/^4\t12\t12/, "4\t" k "\t" k, line)
                print line
            }
        }
    }' "$DATA/reports.conllu" > "$WORK/in.conllu"

t0=$(date +%s%N)
"$BIN" ingest "$WORK/in.conllu" --db "$WORK/ref.db" --batch 7 "${CODE[@]}" || exit 1
# kills land at random times within the length of one whole run (slower
# machines and sanitizer builds get longer delays)
run_ms=$(( ($(date +%s%N) - t0) / 1000000 + 50 ))

kills=0
partial=0
tries=0
while [ $kills -lt 20 ] && [ $tries -lt 400 ]; do
    tries=$((tries + 1))
    "$BIN" ingest "$WORK/in.conllu" --db "$WORK/crash.db" --batch 3 "${CODE[@]}" 2>/dev/null &
    pid=$!
    # random delay: lands in start-up, coding, or inside a commit
    ms=$(( (RANDOM * 32768 + RANDOM) % run_ms ))
    sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo gone)
    if [ "$state" != gone ] && [ "$state" != Z ] && kill -9 "$pid" 2>/dev/null; then
        kills=$((kills + 1))
    fi
    wait "$pid" 2>/dev/null
    if [ -f "$WORK/crash.db" ]; then
        got=$("$BIN" query --db "$WORK/crash.db" --counts 2>/dev/null | awk '$1=="articles"{print $2}')
        [ -n "$got" ] && [ "$got" -gt 0 ] && [ "$got" -lt $((N * 9 / 10)) ] && partial=$((partial + 1))
    fi
    # once the run could finish, start again from an empty database
    if "$BIN" query --db "$WORK/crash.db" --counts 2>/dev/null |
        awk -v n=$((N * 9 / 10)) '$1=="articles" && $2==n {f=1} END {exit !f}'; then
        rm -f "$WORK"/crash.db*
    fi
done
[ -f "$WORK/crash.db" ] || true
echo "kills: $kills in $tries tries; $partial partial databases seen"
[ $kills -ge 20 ] || { echo "FAIL: only $kills kills landed"; exit 1; }
[ $partial -ge 1 ] || { echo "FAIL: no kill landed in the middle of an ingest"; exit 1; }

"$BIN" ingest "$WORK/in.conllu" --db "$WORK/crash.db" --batch 3 "${CODE[@]}" || exit 1
for what in "--counts" "--format csv"; do
    # shellcheck disable=SC2086
    "$BIN" query --db "$WORK/ref.db" $what > "$WORK/ref.out"
    # shellcheck disable=SC2086
    "$BIN" query --db "$WORK/crash.db" $what > "$WORK/crash.out"
    if ! cmp -s "$WORK/ref.out" "$WORK/crash.out"; then
        echo "FAIL: $what differs after resume"
        diff "$WORK/ref.out" "$WORK/crash.out" | head -20
        exit 1
    fi
done
grep -q "^articles	$((N * 9 / 10))$" <("$BIN" query --db "$WORK/ref.db" --counts) ||
    { echo "FAIL: expected $((N * 9 / 10)) distinct articles"; exit 1; }
grep -q "^events	$((N * 9 / 10 * 2))$" <("$BIN" query --db "$WORK/ref.db" --counts) ||
    { echo "FAIL: expected $((N * 9 / 10 * 2)) events"; exit 1; }
echo "ok: resumed database identical to the uninterrupted one"
