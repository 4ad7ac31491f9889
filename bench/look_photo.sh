#!/usr/bin/env bash
# The whole command on one 24-megapixel photo: `cranes look PHOTO -o OUT.jpg --preset cuba` (decoding the
# JPEG, every operation of the preset, encoding), RUNS times; prints each wall time, the median and the peak
# RSS. The photo is a real one (plasma-workspace-wallpapers' Path, 2560x1600) enlarged to 6000x4000.
# Usage: bench/look_photo.sh [RUNS=5] [PRESET=cuba]
set -euo pipefail
runs="${1:-5}" preset="${2:-cuba}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
photo="$work/photo-24mp.jpg"
ffmpeg -nostdin -v error -i /usr/share/wallpapers/Path/contents/images/2560x1600.jpg -vf scale=6000:4000 \
  -q:v 2 "$photo"
timed "$cranes" look --quiet "$photo" -o "$work/out.jpg" --preset "$preset" >/dev/null  # warm
times=() rss=0
for ((i = 0; i < runs; i++)); do
  read -r t kb < <(timed "$cranes" look --quiet "$photo" -o "$work/out.jpg" --preset "$preset")
  times+=("$t")
  ((kb > rss)) && rss=$kb
  echo "run $((i + 1)): $t s"
done
echo "24-megapixel photo, preset $preset: median $(median "${times[@]}") s, peak RSS $((rss / 1024)) MB"
