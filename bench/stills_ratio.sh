#!/usr/bin/env bash
# What the stills cost: `cranes analyze` as it runs by default (the stills picker choosing and writing its
# AVIF stills) against the same analysis with `--stills 0`, alternating runs; prints the median wall-time
# ratio and the stills written.
# Usage: bench/stills_ratio.sh FILE [RUNS=7] [EXTRA_ARGS]
set -euo pipefail
file="$1" runs="${2:-7}" extra="${3:-}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$work/none" "$work/stills"
printf '%s: ' "$(basename "$file")"
pair_ratio "$runs" without "$cranes analyze --quiet --force --no-catalog --stills 0 -o $work/none $file" \
  with "$cranes analyze --quiet --force --no-catalog $extra -o $work/stills $file"
echo "  stills written: $(find "$work/stills" -name '*.avif' -o -name '*.jpg' -o -name '*.png' | wc -l)"
