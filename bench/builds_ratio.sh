#!/usr/bin/env bash
# Times one cranes command built twice (say, before and after a change) on the same file, alternating runs,
# and prints the median wall-time ratio NEW/OLD with both medians: what a refactoring cost or saved.
# Usage: bench/builds_ratio.sh OLD_CRANES NEW_CRANES FILE [RUNS=7] [ARGS="analyze --quiet"]
set -euo pipefail
old="$1" new="$2" file="$3" runs="${4:-7}" args="${5:-analyze --quiet}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/old" "$out/new"
declare -a to fo
for ((i = 0; i < runs + 1; i++)); do  # the first pair warms the page cache and is not counted
  for which in old new; do
    bin="$old" && [ "$which" = new ] && bin="$new"
    s=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$bin" $args -o "$out/$which" "$file" >/dev/null 2>&1
    e=$(date +%s.%N)
    [ "$i" -eq 0 ] && continue
    t=$(awk -v a="$s" -v b="$e" 'BEGIN {print b - a}')
    if [ "$which" = old ]; then to+=("$t"); else fo+=("$t"); fi
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ratios=()
for ((i = 0; i < runs; i++)); do ratios+=("$(awk -v a="${fo[$i]}" -v b="${to[$i]}" 'BEGIN {print a / b}')"); done
printf '%s: old %.2f s, new %.2f s (medians of %d), ratio new/old %.3f (pairwise median; range %.3f-%.3f)\n' \
  "$(basename "$file")" "$(median "${to[@]}")" "$(median "${fo[@]}")" "$runs" "$(median "${ratios[@]}")" \
  "$(printf '%s\n' "${ratios[@]}" | sort -g | head -1)" "$(printf '%s\n' "${ratios[@]}" | sort -g | tail -1)"
