#!/bin/bash
# avocet segment on malformed input: one message per bad record on stderr
# (file:line: record ID: problem), the good records still written, exit 3.
set -u
BIN=${AVOCET_BIN:?AVOCET_BIN not set}
DATA=${AVOCET_TEST_DATA:?AVOCET_TEST_DATA not set}
. "$(dirname "$0")/lib/check.sh"
doc_ids() { grep -o '"doc_id":"[^"]*"' "$1" | sort -u | sed 's/"doc_id":"\(.*\)"/\1/' | tr '\n' ' '; }

# JSON Lines: truncated JSON, an array, missing text, wrong type, bad bytes
printf '%s\n' \
  '{"id":"ok-1","date":"2026-03-14","title":"Talks resume","text":"Envoys met in Geneva on Saturday."}' \
  '{"id":"cut-2","text":"The talks were cut sh' \
  '["not","an","object"]' \
  '{"id":"nt-4","title":"Only a title"}' \
  '{"id":"num-5","text":12345}' >"$TMP/mixed.jsonl"
printf '{"id":"bytes-6","text":"Troops\xff moved\\u0000 in."}\n' >>"$TMP/mixed.jsonl"
printf '{"id":"ok-7","date":"yesterday","text":"Last record."}\n' >>"$TMP/mixed.jsonl"
"$BIN" segment "$TMP/mixed.jsonl" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "exit 3 when records are skipped (got $rc)" test $rc -eq 3
check "good records written" test "$(doc_ids "$TMP/out")" = "bytes-6 ok-1 ok-7 "
check "truncated JSON named" grep -q "mixed.jsonl:2: record cut-2: invalid JSON" "$TMP/err"
check "array named" grep -q "mixed.jsonl:3: record is an array, not a JSON object" "$TMP/err"
check "missing text named" grep -q "mixed.jsonl:4: record nt-4: no \"text\" field" "$TMP/err"
check "wrong type named" grep -q "mixed.jsonl:5: record num-5: \"text\" is an integer" "$TMP/err"
check "repair is a warning" grep -q "warning: .*mixed.jsonl:6: record bytes-6: 2 invalid UTF-8" "$TMP/err"
check "bad date is a warning" grep -q "warning: .*mixed.jsonl:7: record ok-7: unrecognised date \"yesterday\"" "$TMP/err"
check "skip count" grep -q "4 record(s) skipped" "$TMP/err"
check "one line per problem" test "$(wc -l <"$TMP/err")" -eq 7

# PETRARCH XML: missing <Text>, unclosed <Sentence>, truncated file
cat >"$TMP/broken.xml" <<'XML'
<Sentences>
<Sentence date="20080801" id="X-1" source="AFP">
<Text>Rebels attacked a convoy near the border.</Text>
</Sentence>
<Sentence date="20080801" id="X-2"><Parse></Parse></Sentence>
<Sentence date="20080801" id="X-3"><Text>Never closed
<Sentence date="20080802" id="X-4"><Text>Ministers met in Cairo &amp; Amman.</Text></Sentence>
<Sentence date="20080803" id="X-5"><Text>Truncated
XML
"$BIN" segment "$TMP/broken.xml" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "xml: exit 3 (got $rc)" test $rc -eq 3
check "xml: good records written" test "$(doc_ids "$TMP/out")" = "X-1 X-4 "
check "xml: entity decoded" grep -q 'Cairo & Amman' "$TMP/out"
check "xml: missing text" grep -q "broken.xml:5: record X-2: no <Text> element" "$TMP/err"
check "xml: unclosed" grep -q "broken.xml:6: record X-3: <Sentence> not closed" "$TMP/err"
check "xml: truncated" grep -q "broken.xml:8: record X-5: file ends inside <Sentence>" "$TMP/err"

# record size limit: the long line is skipped, the next one is read
{ printf '{"id":"long","text":"'; head -c 5000 /dev/zero | tr '\0' 'a'; printf '"}\n{"id":"short","text":"Short."}\n'; } >"$TMP/long.jsonl"
"$BIN" segment --max-record-size 1k "$TMP/long.jsonl" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "limit: exit 3 (got $rc)" test $rc -eq 3
check "limit: message" grep -q "long.jsonl:1: line longer than the 1024-byte record limit" "$TMP/err"
check "limit: next record" test "$(doc_ids "$TMP/out")" = "short "

# empty inputs
: >"$TMP/empty.txt"
"$BIN" segment "$TMP/empty.txt" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "empty text file: exit 3 (got $rc)" test $rc -eq 3
check "empty text file: message" grep -q "empty.txt:1: record empty.txt: empty file" "$TMP/err"
: >"$TMP/empty.jsonl"
"$BIN" segment "$TMP/empty.jsonl" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "empty jsonl: exit 0 (got $rc)" test $rc -eq 0
check "empty jsonl: warning" grep -q "warning: .*empty.jsonl: no records" "$TMP/err"

# text with NUL and invalid UTF-8: repaired, not skipped
printf 'March 14, 2026\nTroops\0 moved \xc0 into the city.\n' >"$TMP/bytes.txt"
"$BIN" segment "$TMP/bytes.txt" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "bad bytes text: exit 0 (got $rc)" test $rc -eq 0
check "bad bytes text: warning" grep -q "bytes.txt:1: record bytes.txt: 2 invalid UTF-8" "$TMP/err"
check "bad bytes text: replaced" grep -q 'Troops\\ufffd\|Troops�' "$TMP/out"

# HTML and standard input
"$BIN" segment "$DATA/io/article.html" >"$TMP/out" 2>"$TMP/err"
check "html: exit 0" test $? -eq 0
check "html: body text" grep -q "exchange prisoners" "$TMP/out"
check "html: no navigation" test "$(grep -c 'Most read\|Copyright\|tracking' "$TMP/out")" -eq 0
printf '{"id":"stdin-1","text":"Read from a pipe."}\n' | "$BIN" segment --format jsonl >"$TMP/out" 2>"$TMP/err"
check "stdin: exit 0" test $? -eq 0
check "stdin: record" test "$(doc_ids "$TMP/out")" = "stdin-1 "
printf '{"id":"stdin-2","text":"Detected."}\n' | "$BIN" segment >"$TMP/out" 2>"$TMP/err"
check "stdin: format detected" test "$(doc_ids "$TMP/out")" = "stdin-2 "

# usage and failures
"$BIN" segment --bogus >/dev/null 2>"$TMP/err"
check "unknown option: exit 2" test $? -eq 2
"$BIN" segment --format nope x >/dev/null 2>&1
check "unknown format: exit 2" test $? -eq 2
"$BIN" segment --max-record-size 0 x >/dev/null 2>&1
check "bad size: exit 2" test $? -eq 2
"$BIN" segment "$TMP/does-not-exist.jsonl" >/dev/null 2>"$TMP/err"
check "missing file: exit 1" test $? -eq 1
check "missing file: message" grep -q "does-not-exist.jsonl: cannot open" "$TMP/err"
"$BIN" segment --help >"$TMP/out" 2>&1
check "help: exit 0" test $? -eq 0
check "help: usage" grep -q "usage: avocet segment" "$TMP/out"

finish "all segment error checks passed"
