#!/usr/bin/env bash
# Times `cranes analyze --only ANALYZERS` (the whole single pass: decode, proxies, the analyzers, JSON/CSV/EDL)
# against `ffmpeg -i FILE -f null -` on the same file, alternating runs; prints the median ratio and peak RSS.
# Usage: bench/analyze_ratio.sh FILE [RUNS=7] [ANALYZERS=boundaries]   (boundaries,motion,framing: everything)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
CRANES_CMD="analyze --quiet --force --no-catalog --only ${3:-boundaries} -o $out" "$here/decode_ratio.sh" "$1" "${2:-7}"
