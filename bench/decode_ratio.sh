#!/usr/bin/env bash
# Times `cranes decode FILE` (FrameSource with the analysis proxy) against `ffmpeg -i FILE -f null -` on the
# same file, alternating runs, and prints each run, the median ratio and the peak RSS of both.
# Usage: bench/decode_ratio.sh FILE [RUNS=7]
# With CRANES_CMD set (e.g. "analyze --quiet -o /tmp --only boundaries"), times that subcommand instead.
# FFMPEG_INPUT_ARGS adds decoder options to the ffmpeg side, e.g. "-skip_loop_filter noref" to compare like with
# like against `cranes analyze`, which skips deblocking on non-reference frames unless --exact-decode, or
# "-threads N" with cranes' own decoder thread count (4 per core, at most 16) to take the thread count out of the
# comparison.
set -euo pipefail
file="${1:?usage: decode_ratio.sh FILE [RUNS]}"
runs="${2:-7}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
sub="${CRANES_CMD:-decode --quiet}"
[ -f "$file" ] || { echo "$file: no such file" >&2; exit 1; }

ratios=(); cr_rss=0; ff_rss=0
timed "$cranes" $sub "$file" >/dev/null  # warm the page cache
for i in $(seq 1 "$runs"); do
  read -r tc kc < <(timed "$cranes" $sub "$file")
  read -r tf kf < <(timed ffmpeg -nostdin -v error ${FFMPEG_INPUT_ARGS:-} -i "$file" -f null -)
  r=$(awk -v a="$tc" -v b="$tf" 'BEGIN{printf "%.3f", a/b}')
  ratios+=("$r")
  (( kc > cr_rss )) && cr_rss=$kc
  (( kf > ff_rss )) && ff_rss=$kf
  printf 'run %d: cranes %ss  ffmpeg %ss  ratio %s\n' "$i" "$tc" "$tf" "$r"
done
echo "file: $file"
echo "command: cranes $sub  (ffmpeg ${FFMPEG_INPUT_ARGS:+$FFMPEG_INPUT_ARGS }-i FILE -f null -)"
echo "median ratio (cranes / ffmpeg -f null): $(median "${ratios[@]}")"
echo "peak RSS: cranes $((cr_rss/1024)) MB, ffmpeg $((ff_rss/1024)) MB"
