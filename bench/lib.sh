# Shared by the bench scripts: where the cranes binary is, a scratch directory removed on exit, and `timed CMD...`
# printing "wall_seconds peak_rss_kb" of one run (GNU time), and `median N...`.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cranes="${CRANES_BIN:-$here/build/cranes}"
[ -x "$cranes" ] || { echo "build first: make build" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
timed() {
  /usr/bin/time -o "$work/time" -f "%e %M" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  cat "$work/time"
}
# The median of the numbers given as arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# `pair_ratio RUNS NAME_A CMD_A NAME_B CMD_B`: runs the two command lines (strings, word-split) alternately RUNS
# times after one warm-up run each, and prints both median wall times and the pairwise median ratio B/A.
pair_ratio() {
  local runs="$1" name_a="$2" cmd_a="$3" name_b="$4" cmd_b="$5" ta=() tb=() ratios=() a b
  # shellcheck disable=SC2086
  timed $cmd_a >/dev/null
  # shellcheck disable=SC2086
  timed $cmd_b >/dev/null
  for ((i = 0; i < runs; i++)); do
    # shellcheck disable=SC2086
    read -r a _ < <(timed $cmd_a)
    # shellcheck disable=SC2086
    read -r b _ < <(timed $cmd_b)
    ta+=("$a") tb+=("$b")
    ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN {print b / a}')")
  done
  printf '%s %.2f s, %s %.2f s (medians of %d), ratio %s/%s %.3f (pairwise median; range %.3f-%.3f)\n' \
    "$name_a" "$(median "${ta[@]}")" "$name_b" "$(median "${tb[@]}")" "$runs" "$name_b" "$name_a" \
    "$(median "${ratios[@]}")" "$(printf '%s\n' "${ratios[@]}" | sort -g | head -1)" \
    "$(printf '%s\n' "${ratios[@]}" | sort -g | tail -1)"
}
