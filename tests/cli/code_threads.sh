#!/bin/bash
# avocet code / ingest --threads N: the same output as one thread, in input
# order, with bad records reported and skipped as with one thread.
set -u
BIN=${AVOCET_BIN:?AVOCET_BIN not set}
DATA=${AVOCET_TEST_DATA:?AVOCET_TEST_DATA not set}
SRC=${AVOCET_SOURCE:-.}
[ -f "${AVOCET_MODEL:-$SRC/data/models/en-ud.avm}" ] || { echo "no parser model: skipped"; exit 77; }
. "$(dirname "$0")/lib/check.sh"

# 30 one-article text files (the golden articles and the example under
# several names) and a JSON Lines file with two bad records among good ones
inputs=()
for round in 1 2 3 4 5 6 7 8 9 10; do
    for f in "$DATA"/code/golden/*.txt "$SRC"/examples/ceasefire.txt; do
        cp "$f" "$TMP/r$round-$(basename "$f")"
        inputs+=("$TMP/r$round-$(basename "$f")")
    done
done
printf '%s\n' \
  '{"id":"j-1","date":"2026-03-14","text":"Israeli jets struck targets in Gaza. Hamas fired rockets at Israel."}' \
  '{"id":"bad-1","text":"cut sh' \
  '{"id":"j-2","date":"2026-03-15","text":"Egypt and Qatar urged Israel and Hamas to agree to a ceasefire."}' \
  '{"id":"bad-2","text":42}' \
  '{"id":"j-3","date":"2026-03-16","text":"Thousands of Israelis protested against the government in Tel Aviv."}' \
  >"$TMP/in.jsonl"
inputs+=("$TMP/in.jsonl")

"$BIN" code "${inputs[@]}" >"$TMP/one.out" 2>"$TMP/one.err"
rc1=$?
"$BIN" code --threads 3 "${inputs[@]}" >"$TMP/three.out" 2>"$TMP/three.err"
rc3=$?
check "exit 3 with skipped records (one thread: $rc1)" test $rc1 -eq 3
check "exit 3 with skipped records (three threads: $rc3)" test $rc3 -eq 3
check "events written" test "$(wc -l <"$TMP/one.out")" -gt 30
check "same events, same order" cmp -s "$TMP/one.out" "$TMP/three.out"
check "same messages" cmp -s <(sort "$TMP/one.err") <(sort "$TMP/three.err")
check "bad records named" grep -q "record bad-1" "$TMP/three.err"

"$BIN" code --threads 0 --output petrarch "${inputs[@]}" >"$TMP/all.out" 2>/dev/null
"$BIN" code --output petrarch "${inputs[@]}" >"$TMP/one.pet" 2>/dev/null
check "--threads 0 (one per core) gives the same events" cmp -s "$TMP/one.pet" "$TMP/all.out"

"$BIN" code --threads x "$TMP/in.jsonl" >/dev/null 2>"$TMP/usage.err"
rc=$?
check "--threads x is a usage error (got $rc)" test $rc -eq 2
check "--threads x explained" grep -q "threads" "$TMP/usage.err"

# ingest: the same database content whatever the number of threads
"$BIN" ingest --quiet --db "$TMP/one.db" "${inputs[@]}" 2>/dev/null
"$BIN" ingest --quiet --threads 3 --db "$TMP/three.db" "${inputs[@]}" 2>/dev/null
"$BIN" query --db "$TMP/one.db" --limit 1000 >"$TMP/one.q"
"$BIN" query --db "$TMP/three.db" --limit 1000 >"$TMP/three.q"
check "ingest stored events" test -s "$TMP/one.q"
check "ingest --threads 3 stores the same events" cmp -s "$TMP/one.q" "$TMP/three.q"

finish "all --threads checks passed"
