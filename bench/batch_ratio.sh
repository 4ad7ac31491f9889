#!/usr/bin/env bash
# What `-j 2` buys on a folder of short films: `cranes analyze DIR -j 1` against `-j 2` (every film analysed
# each time: --force; no catalog), alternating runs; prints both medians, the ratio and the speed-up.
# The folder is made once: eight short synthetic films (640x360, 4-15 s) under CRANES_BENCH_DIR.
# Usage: bench/batch_ratio.sh [RUNS=5] [JOBS=2]
set -euo pipefail
runs="${1:-5}" jobs="${2:-2}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
films="${CRANES_BENCH_DIR:-/tmp/cranes-bench}/short-films"
if [ ! -f "$films/.made" ]; then
  mkdir -p "$films"
  for s in demo cuts dissolve spin pan tilt zoom shake; do
    "$cranes" synth --scenario "$s" -o "$films/$s.mp4" --truth "$work/$s.truth.json" >/dev/null
  done
  touch "$films/.made"
fi
mkdir -p "$work/one" "$work/many"
line=$(pair_ratio "$runs" "-j1" "$cranes analyze --quiet --force --no-catalog -j 1 -o $work/one $films" \
  "-j$jobs" "$cranes analyze --quiet --force --no-catalog -j $jobs -o $work/many $films")
echo "$(find "$films" -name '*.mp4' | wc -l) films: $line"
ratio=$(sed -E 's/.*ratio [^ ]+ ([0-9.]+).*/\1/' <<<"$line")
awk -v r="$ratio" -v j="$jobs" 'BEGIN {printf "speed-up of -j %d over -j 1: %.2fx\n", j, 1 / r}'
