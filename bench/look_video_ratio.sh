#!/usr/bin/env bash
# A film in the look against a plain re-encode: `cranes look CLIP -o OUT.mp4 --preset P` against
# `ffmpeg -i CLIP -c:v libx264 -preset X -crf C -c:a copy OUT.mp4` (the same x264 preset and CRF), alternating
# runs; prints both medians, their ratio and the speed of the look as a share of the plain encode's, and the
# peak RSS of the look on the clip and on the clip looped three times (memory flat in the film's length).
# The clip is the first SECONDS of real1080.mp4 (bench/make_inputs.sh), copied without re-encoding.
# Usage: bench/look_video_ratio.sh [RUNS=3] [SECONDS=8] [PRESET=cuba] [X264_PRESET=medium] [CRF=18]
set -euo pipefail
runs="${1:-3}" seconds="${2:-8}" preset="${3:-cuba}" x264="${4:-medium}" crf="${5:-18}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
src="${CRANES_BENCH_DIR:-/tmp/cranes-bench}/real1080.mp4"
[ -f "$src" ] || { echo "$src: make it with bench/make_inputs.sh" >&2; exit 1; }
clip="$work/clip.mp4" long="$work/long.mp4"
ffmpeg -nostdin -v error -i "$src" -t "$seconds" -c copy "$clip"
ffmpeg -nostdin -v error -stream_loop 2 -i "$clip" -c copy "$long"
line=$(pair_ratio "$runs" ffmpeg \
  "ffmpeg -nostdin -v error -y -i $clip -c:v libx264 -preset $x264 -crf $crf -c:a copy $work/plain.mp4" \
  look "$cranes look --quiet $clip -o $work/look.mp4 --preset $preset --x264-preset $x264 --crf $crf")
echo "$(ffprobe -v error -show_entries stream=width,height -of csv=p=0 "$clip" | head -1) clip, $seconds s: $line"
ratio=$(sed -E 's/.*ratio [^ ]+ ([0-9.]+).*/\1/' <<<"$line")
awk -v r="$ratio" 'BEGIN {printf "the look runs at %.2fx the speed of the plain encode\n", 1 / r}'
read -r _ short_kb < <(timed "$cranes" look --quiet "$clip" -o "$work/look.mp4" --preset "$preset" --x264-preset "$x264" --crf "$crf")
read -r _ long_kb < <(timed "$cranes" look --quiet "$long" -o "$work/look-long.mp4" --preset "$preset" --x264-preset "$x264" --crf "$crf")
echo "peak RSS: $((short_kb / 1024)) MB on the clip, $((long_kb / 1024)) MB on it looped 3 times"
