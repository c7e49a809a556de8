#!/usr/bin/env bash
# Do the verdicts hold? (issue 12: "five consecutive quick runs give the same verdicts as the full run")
#
#   bash bench/stability.sh [--runs N] [--with-full]
#
# Runs `bench/run.sh --quick` N times (default 5) one after the other, each into bench/results/stability/quick-K/, and
# compares every target's verdict with the run of record in bench/results/latest.jsonl (and notify-latest.jsonl).
# --with-full first makes a new run of record (`bench/run.sh --full` into bench/results). Writes
# bench/results/stability/verdicts.md and prints it. Needs a quiet machine: other work makes every figure noisier and
# pushes verdicts to "within noise".
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS=5
FULL=0
while (($#)); do
    case "$1" in
        --runs) RUNS="${2:?--runs needs a number}"; shift ;;
        --with-full) FULL=1 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "[bench/stability.sh] unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

OUT="$ROOT/bench/results/stability"
if ((FULL)); then
    bash bench/run.sh --full
fi
rm -rf "$OUT" && mkdir -p "$OUT"
for ((k = 1; k <= RUNS; k++)); do
    echo "[bench/stability.sh] quick run $k of $RUNS" >&2
    bash bench/run.sh --quick --out "$OUT/quick-$k" > "$OUT/quick-$k.log" 2>&1 \
        || echo "[bench/stability.sh] quick run $k failed (see $OUT/quick-$k.log)" >&2
    # After every run, so an interrupted series still leaves the comparison of the runs made so far.
    /usr/bin/python3 bench/verdicts.py "$ROOT/bench/results" "$OUT"/quick-*/ > "$OUT/verdicts.md"
done
cat "$OUT/verdicts.md"
