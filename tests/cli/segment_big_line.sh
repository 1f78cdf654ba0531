#!/bin/bash
# A 50 MB single-line JSON record goes through avocet segment, and the
# record after it is still read; a long one-line text file too.  Generated here, never
# committed.  The sanitizer run uses 5 MB.
set -u
BIN=${AVOCET_BIN:?AVOCET_BIN not set}
. "$(dirname "$0")/lib/check.sh"
MB=50
[ -n "${AVOCET_SANITIZED:-}" ] && MB=5
bytes=$((MB * 1024 * 1024))

# sentences on one line, no newline inside the record
yes 'Rebels shelled the town overnight, officials said. ' | tr -d '\n' | head -c "$bytes" >"$TMP/body"
{ printf '{"id":"big","text":"'; cat "$TMP/body"; printf '"}\n{"id":"after","text":"Still read."}\n'; } >"$TMP/big.jsonl"

# (cut first: grep -o on a line of hundreds of MB is very slow)
"$BIN" segment "$TMP/big.jsonl" 2>"$TMP/err" | cut -c1-80 | cut -d'"' -f4 | uniq -c >"$TMP/counts"
rc=${PIPESTATUS[0]}
check "jsonl: exit 0 (got $rc)" test "$rc" -eq 0
check "jsonl: big record segmented" grep -q " big$" "$TMP/counts"
check "jsonl: next record read" grep -q " after$" "$TMP/counts"
check "jsonl: no messages" test ! -s "$TMP/err"

# plain text: 8 MB is enough here (test_io reads the 50 MB file as text too)
bytes=$((8 * 1024 * 1024))
[ -n "${AVOCET_SANITIZED:-}" ] && bytes=$((1024 * 1024))
head -c "$bytes" "$TMP/body" >"$TMP/body.txt"
"$BIN" segment "$TMP/body.txt" 2>"$TMP/err" | tail -c 300 >"$TMP/tail"
rc=${PIPESTATUS[0]}
check "text: exit 0 (got $rc)" test "$rc" -eq 0
# the last token ends within the last bytes of the file and the line is complete
last_end=$(grep -q ']}$' "$TMP/tail" && grep -o '"end":[0-9]*' "$TMP/tail" | tail -1 | grep -o '[0-9]*')
check "text: last token near the end (${last_end:-none} of $bytes)" test "${last_end:-0}" -gt $((bytes - 20))

# over the limit: one record error, the next record is still read
"$BIN" segment --max-record-size 1M "$TMP/big.jsonl" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "limit: exit 3 (got $rc)" test "$rc" -eq 3
check "limit: message" grep -q "big.jsonl:1: line longer than the 1048576-byte record limit" "$TMP/err"
check "limit: next record" grep -q '"doc_id":"after"' "$TMP/out"

finish "big-line checks passed ($MB MB)"
