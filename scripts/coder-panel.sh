#!/bin/sh
# How much the event coder's PETRARCH unit-test figure depends on the parser
# model: codes the unit tests with each model given (and with models the
# current trainer makes for the seeds given) and prints the records passed
# by each, then the lowest, mean and highest.  A coder change that helps
# one model only fits that model's errors; a model swap is safe when the
# figure holds across the panel.
#
# usage: scripts/coder-panel.sh [--build DIR] [--seeds "1 2 3"] [MODEL...]
#   e.g. scripts/coder-panel.sh data/models/en-ud.avm --seeds "1 2"
# Training a seed takes about 3 minutes of one core; models go to
# $TMPDIR/avocet-panel (kept, so a second run reuses them).
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
seeds=
models=
while [ $# -gt 0 ]; do
    case $1 in
    --build) build=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) models="$models $1"; shift ;;
    esac
done
shared=${AVOCET_SHARED:-$root/../shared}
P=$shared/petrarch
U=$shared/ud
[ -f "$P/PETR.UnitTest.records.xml" ] || { echo "coder-panel: $P not found" >&2; exit 77; }
avocet=$build/avocet
[ -x "$avocet" ] || { echo "coder-panel: build avocet first ($avocet)" >&2; exit 1; }
out=${TMPDIR:-/tmp}/avocet-panel
mkdir -p "$out"
for s in $seeds; do
    m=$out/seed$s.avm
    if [ ! -f "$m" ]; then
        echo "training seed $s -> $m" >&2
        "$avocet" train all --train "$U/en_ewt-train.conllu,$U/gum-train.conllu" \
            --dev "$U/en_ewt-dev.conllu,$U/gum-dev.conllu" --epochs 15 --seed "$s" \
            -o "$m" 2>"$out/seed$s.log"
    fi
    models="$models $m"
done
[ -n "$models" ] || { echo "coder-panel: no model (give files or --seeds)" >&2; exit 2; }
for m in $models; do
    n=$("$avocet" validate "$P/PETR.UnitTest.records.xml" --model "$m" \
        --dict "$P/PETR.Validate.actors.txt" --dict "$P/PETR.Validate.agents.txt" \
        --dict "$P/PETR.Validate.verbs.txt" | tail -1 | awk '{print $1}')
    printf '%s\t%s\n' "$n" "$m"
done | awk -F'\t' '{print; n++; s += $1; if (n == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1}
    END {if (n) printf "lowest %d, mean %.1f, highest %d (of 276 records)\n", lo, s / n, hi}'
