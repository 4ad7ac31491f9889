#!/usr/bin/env bash
# Times one cranes command built twice (say, before and after a change) on the same file, alternating runs,
# and prints the median wall-time ratio NEW/OLD with both medians: what a refactoring cost or saved.
# Usage: bench/builds_ratio.sh OLD_CRANES NEW_CRANES FILE [RUNS=7] [ARGS="analyze --quiet"]
set -euo pipefail
old="$1" new="$2" file="$3" runs="${4:-7}" args="${5:-analyze --quiet}"
CRANES_BIN="$new" source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$work/old" "$work/new"
# shellcheck disable=SC2086
timed "$old" $args -o "$work/old" "$file" >/dev/null  # warm the page cache
to=() fo=() ratios=()
for ((i = 0; i < runs; i++)); do
  # shellcheck disable=SC2086
  read -r t_old _ < <(timed "$old" $args -o "$work/old" "$file")
  # shellcheck disable=SC2086
  read -r t_new _ < <(timed "$new" $args -o "$work/new" "$file")
  to+=("$t_old") fo+=("$t_new")
  ratios+=("$(awk -v a="$t_new" -v b="$t_old" 'BEGIN {print a / b}')")
done
printf '%s: old %.2f s, new %.2f s (medians of %d), ratio new/old %.3f (pairwise median; range %.3f-%.3f)\n' \
  "$(basename "$file")" "$(median "${to[@]}")" "$(median "${fo[@]}")" "$runs" "$(median "${ratios[@]}")" \
  "$(printf '%s\n' "${ratios[@]}" | sort -g | head -1)" "$(printf '%s\n' "${ratios[@]}" | sort -g | tail -1)"
