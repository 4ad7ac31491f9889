#!/usr/bin/env bash
# Times one cranes command built twice (say, before and after a change) on the same file, alternating runs,
# and prints the median wall-time ratio NEW/OLD with both medians: what a refactoring cost or saved.
# Usage: bench/builds_ratio.sh OLD_CRANES NEW_CRANES FILE [RUNS=7] [ARGS="analyze --quiet --force --no-catalog"]
set -euo pipefail
old="$1" new="$2" file="$3" runs="${4:-7}" args="${5:-analyze --quiet --force --no-catalog}"
CRANES_BIN="$new" source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$work/old" "$work/new"
printf '%s: ' "$(basename "$file")"
pair_ratio "$runs" old "$old $args -o $work/old $file" new "$new $args -o $work/new $file"
