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
