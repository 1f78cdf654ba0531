#!/bin/bash
# avocet validate on PETRARCH's unit-test records (../shared/petrarch) with
# the PETR.Validate dictionaries, coded from the text by avocet's own parser.
# Fails when the share of records coded exactly falls below the floor.
#
# The floor is the goal of issue 5 (85% of the records coded exactly;
# see the validation figures in docs/coder.md).  Skips when ../shared or the
# model is missing.
set -u
BIN=${AVOCET_BIN:?AVOCET_BIN not set}
P=${AVOCET_SHARED:-}/petrarch
FLOOR=${AVOCET_VALIDATE_FLOOR:-85}
[ -f "$P/PETR.UnitTest.records.xml" ] || { echo "no ../shared/petrarch: skipped"; exit 77; }
[ -f "${AVOCET_MODEL:-${AVOCET_SOURCE:-.}/data/models/en-ud.avm}" ] || { echo "no parser model: skipped"; exit 77; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$BIN" validate "$P/PETR.UnitTest.records.xml" \
    --dict "$P/PETR.Validate.actors.txt" --dict "$P/PETR.Validate.agents.txt" \
    --dict "$P/PETR.Validate.verbs.txt" --min-pass "$FLOOR" >"$out"
rc=$?
sed -n '/^category/,$p' "$out"
# the closing line must be there and agree with the exit status
last=$(tail -n 1 "$out")
case "$last" in
*" passed, "*" failed") ;;
*) echo "FAIL: no summary line"; exit 1 ;;
esac
exit $rc
