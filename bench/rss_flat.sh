#!/usr/bin/env bash
# Memory stays flat with the film's length: peak RSS of `cranes analyze` on a clip and on the same clip looped to
# N times its length (stream copy, no re-encode). Usage: bench/rss_flat.sh CLIP [TIMES=20]
set -euo pipefail
clip="${1:?usage: rss_flat.sh CLIP [TIMES]}"
times="${2:-20}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
long="$work/looped.${clip##*.}"
ffmpeg -nostdin -v error -stream_loop $((times - 1)) -i "$clip" -c copy "$long"
read -r short_s short_kb < <(timed "$cranes" analyze --quiet --force --no-catalog -o "$work" "$clip")
read -r long_s long_kb < <(timed "$cranes" analyze --quiet --force --no-catalog -o "$work" "$long")
echo "clip:   $(ffprobe -v error -show_entries format=duration -of csv=p=0 "$clip") s, peak RSS $((short_kb / 1024)) MB, ${short_s} s"
echo "looped: $(ffprobe -v error -show_entries format=duration -of csv=p=0 "$long") s, peak RSS $((long_kb / 1024)) MB, ${long_s} s"
awk -v a="$short_kb" -v b="$long_kb" 'BEGIN{printf "RSS ratio long/short: %.3f\n", b/a}'
