#!/usr/bin/env bash
# Makes the benchmark inputs in DIR (default /tmp/cranes-bench):
#   real720.mp4 / real1080.mp4  opencv-doc's real clips (vtest, Megamind, vtest mirrored) at 25 fps, upscaled, with
#                               film grain, H.264 CRF 20: 74 s, about 7 and 13 Mbit/s, 5 cuts
#   g720.mp4 / g1080.mp4        a synthetic montage from real photos: a cut, dissolve or fade every ~1.5 s and a
#                               moving camera in every shot (a worst case for the analysis), grain, CRF 18: 60 s
set -euo pipefail
dir="${1:-/tmp/cranes-bench}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cranes="${CRANES_BIN:-$here/build/cranes}"
data=/usr/share/doc/opencv-doc/examples/data
mkdir -p "$dir"
for size in 1280:720 1920:1080; do
  out="$dir/real${size##*:}.mp4"
  [ -f "$out" ] && continue
  norm="setpts=N/25/TB,scale=$size,setsar=1,format=yuv420p"
  ffmpeg -nostdin -v error -y -i "$data/vtest.avi" -i "$data/Megamind.avi" -i "$data/vtest.avi" -filter_complex \
    "[0:v]$norm[a];[1:v]$norm[b];[2:v]$norm,hflip[c];[a][b][c]concat=n=3:v=1,fps=25,noise=alls=5:allf=t[out]" \
    -map "[out]" -c:v libx264 -preset medium -crf 20 "$out"
done
[ -f "$dir/g720.mp4" ] || "$cranes" synth --scenario montage --size 1280x720 --duration-scale 2 --crf 18 --noise 2 -o "$dir/g720.mp4" >/dev/null
[ -f "$dir/g1080.mp4" ] || "$cranes" synth --scenario montage --size 1920x1080 --duration-scale 2 --crf 18 --noise 2 -o "$dir/g1080.mp4" >/dev/null
ls -l "$dir"/*.mp4
