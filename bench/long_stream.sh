#!/usr/bin/env bash
# Memory flat in the film's length: 16x16 frames at 25 fps in Matroska (whose demuxer, unlike MP4's, holds no
# per-frame index of its own), for each length given in hours, as one shot (FFmpeg's testsrc2) and with a cut
# every 8 s (testsrc2 and testsrc in turn), analysed with the default analyzers. Prints frames, shots, time
# and peak RSS of `cranes analyze`, beside the peak RSS of `ffmpeg -f null` decoding the same file.
# Usage: [KINDS="one-shot cuts"] bench/long_stream.sh [HOURS...] (default 1 3 10)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
hours=("$@")
[ ${#hours[@]} -gt 0 ] || hours=(1 3 10)
printf '%-6s %-9s %-9s %-8s %-10s %-11s %-10s\n' hours kind frames shots cranes_s cranes_MB ffmpeg_MB
for kind in ${KINDS:-one-shot cuts}; do
  for h in "${hours[@]}"; do
    clip="$work/long-${h}h-$kind.mkv"
    d=$((h * 3600))
    if [ "$kind" = one-shot ]; then
      ffmpeg -nostdin -v error -f lavfi -i "testsrc2=s=16x16:r=25:d=$d" -c:v libx264 -preset ultrafast -g 250 "$clip"
    else
      ffmpeg -nostdin -v error -f lavfi -i "testsrc2=s=16x16:r=25:d=$d" -f lavfi -i "testsrc=s=16x16:r=25" \
        -filter_complex "[0][1]overlay=enable='lt(mod(t\\,16)\\,8)':shortest=1" -c:v libx264 -preset ultrafast \
        -g 250 "$clip"
    fi
    read -r s kb < <(timed "$cranes" analyze --quiet --force --no-catalog -o "$work/out" "$clip")
    read -r _ fkb < <(timed ffmpeg -nostdin -v error -i "$clip" -f null -)
    read -r frames shots < <(python3 -c "import json,sys; j=json.load(open(sys.argv[1])); \
print(j['decode']['frames'], len(j['shots']))" "$work/out/$(basename "$clip").cranes.json")
    printf '%-6s %-9s %-9s %-8s %-10s %-11s %-10s\n' "$h" "$kind" "$frames" "$shots" "$s" "$((kb / 1024))" \
      "$((fkb / 1024))"
    rm -f "$clip" "$work/out/"*
  done
done
