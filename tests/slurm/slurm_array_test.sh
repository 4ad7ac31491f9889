#!/usr/bin/env bash
# End-to-end test of deploy/slurm/cranes-array.sbatch on a private one-node Slurm cluster:
#
#   tests/slurm/slurm_array_test.sh path/to/cranes SCRATCH_DIR
#
# starts the cluster (tests/slurm/local_cluster.sh), renders four short synthetic films, writes a manifest,
# runs the job array (4 tasks, 4 shards) with `sbatch --wait`, checks that every task ended well and that every
# film of the manifest was analysed into exactly one FILM.cranes.json, imports the analyses into a catalog
# twice (4 films both times, integrity ok), then reruns the array one task at a time to check that each film
# belongs to exactly one shard. The cluster is always stopped on exit.
#
# Exit codes: 0 passed, 1 failed, 77 skipped (no Slurm or munge here, not root, no sqlite3...; the reason is
# printed), 2 usage.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 CRANES SCRATCH_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
job_script=$root/deploy/slurm/cranes-array.sbatch
cranes=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
scratch=$2

t_start=$(date +%s.%N)
step() { printf '[%6s s] %s\n' "$(awk -v a="$t_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')" "$*"; }
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}
skip() {
  printf 'SKIP: %s\n' "$*"
  exit 77
}

[ -x "$cranes" ] || fail "no cranes program at $1"
command -v sqlite3 >/dev/null 2>&1 || skip "sqlite3 is not installed (it checks the catalog)"

# Run as if outside any Slurm job: the variables of an enclosing job would steer sbatch.
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -E '^(SLURM|SBATCH|SALLOC|SRUN)_' || true)

rm -rf "$scratch"
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
cluster=$scratch/cluster
films=$scratch/films
out=$scratch/analyses
logs=$scratch/logs
manifest=$scratch/films.txt
catalog=$scratch/catalog.db

# shellcheck source=tests/slurm/local_cluster.sh
source "$here/local_cluster.sh"
cleanup() {
  local rc=$?
  trap - EXIT
  step "stopping the cluster"
  cluster_stop "$cluster" || { echo "could not stop the cluster cleanly; logs in $cluster/log" >&2; [ $rc -ne 0 ] || rc=1; }
  step "stopped"
  exit $rc
}

why=$(_cluster_why_not)
[ -z "$why" ] || skip "cannot run a Slurm cluster here: $why"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
step "starting a one-node Slurm cluster under $cluster"
rc=0
cluster_start "$cluster" || rc=$?
[ $rc -ne 77 ] || skip "cannot run a Slurm cluster here (the line above says why)"
[ $rc -eq 0 ] || fail "the cluster did not start (logs above and in $cluster/log)"
step "cluster up: $(sinfo -h -N -o '%N %t %c CPUs')"

step "rendering 4 synthetic films (320x180, 2-3 s)"
mkdir -p "$films"
for scenario in static pan tilt shake; do
  "$cranes" synth --scenario "$scenario" -o "$films/$scenario.mp4" --size 320x180 --duration-scale 0.6 \
    --procedural >/dev/null || fail "cranes synth --scenario $scenario failed"
done
{
  echo "# four synthetic films for the job-array test"
  echo
  for f in "$films"/*.mp4; do echo "$f"; done
} >"$manifest"
mapfile -t wanted < <(grep -v '^[[:space:]]*#' "$manifest" | sed '/^[[:space:]]*$/d')
[ ${#wanted[@]} -eq 4 ] || fail "the manifest lists ${#wanted[@]} films, not 4"

# One CPU a task, so that tasks run side by side on a small machine (the job script asks for 2 by default).
cpus=1
# Seconds each array may take (it takes about 10 s on 2 cores).
array_limit=${CRANES_SLURM_ARRAY_TIMEOUT:-300}
mkdir -p "$logs"
submit() { # submit EXPORTS SBATCH_OPTIONS...: runs the array to its end; prints the job id
  local exports=$1
  shift
  (cd "$scratch" && timeout "$array_limit" sbatch --parsable --wait --cpus-per-task="$cpus" --mem=1G --time=00:10:00 \
    --output="$logs/cranes-%A_%a.out" \
    --export="ALL,MANIFEST=$manifest,OUT=$out,CRANES=$cranes$exports" "$@" "$job_script")
}
show_logs() {
  local f
  for f in "$logs"/*.out; do
    [ -f "$f" ] || continue
    echo "----- $f" >&2
    tail -n 20 "$f" >&2
  done
}

step "submitting the array: sbatch --wait --array=0-3 $(basename "$job_script")"
rc=0
job=$(submit "" --array=0-3) || rc=$?
[ $rc -ne 124 ] || { show_logs; fail "the array did not finish within $array_limit s"; }
[ $rc -eq 0 ] || { show_logs; fail "sbatch --wait exited with $rc (a task failed; job ${job:-?})"; }
step "array job $job finished"

# The queue must be empty, and every task must have said it succeeded.
deadline=$((SECONDS + 30))
while [ -n "$(timeout 10 squeue -h -j "$job" -o %i 2>/dev/null)" ]; do
  [ $SECONDS -lt $deadline ] || fail "job $job still in the queue 30 s after sbatch --wait returned"
  sleep 0.2
done
for i in 0 1 2 3; do
  log=$logs/cranes-${job}_$i.out
  [ -f "$log" ] || fail "task $i wrote no log ($log)"
  if grep -qi 'error' "$log"; then
    show_logs
    fail "task $i logged an error ($log)"
  fi
  [ -f "$out/.shards/shard-$i-of-4.done" ] || { show_logs; fail "task $i did not record success"; }
  [ ! -e "$out/.shards/shard-$i-of-4.failed" ] || fail "task $i recorded a failure"
done
step "all 4 tasks succeeded: $(cat "$out"/.shards/shard-*-of-4.done | grep -c '^exit=0$') exit=0 records"

# Every film of the manifest analysed into exactly one FILM.cranes.json, and nothing else.
check_analyses() {
  local f name n
  mapfile -t found < <(cd "$out" && find . -name '*.cranes.json' -type f | sort)
  [ ${#found[@]} -eq ${#wanted[@]} ] ||
    fail "${#found[@]} analyses under $out for ${#wanted[@]} films: ${found[*]}"
  for f in "${wanted[@]}"; do
    name=$(basename "$f").cranes.json
    n=$(printf '%s\n' "${found[@]}" | grep -c -F -x "./$name" || true)
    [ "$n" -eq 1 ] || fail "$name found $n times under $out"
  done
}
check_analyses
step "each of the 4 films has exactly one analysis under $out"

films_in_catalog() { sqlite3 "$catalog" 'SELECT count(*) FROM films;'; }
for pass in 1 2; do
  "$cranes" catalog import "$out" --catalog "$catalog" >/dev/null || fail "cranes catalog import (pass $pass) failed"
  n=$(films_in_catalog) || fail "cannot count the films in $catalog"
  [ "$n" = 4 ] || fail "the catalog holds $n films after import $pass, not 4"
  ok=$(sqlite3 "$catalog" 'PRAGMA integrity_check;')
  [ "$ok" = ok ] || fail "PRAGMA integrity_check after import $pass: $ok"
  step "catalog import $pass: 4 films, integrity ok"
done

# Rerun the array one task at a time (%1) into the same OUT, with --force (a current analysis is otherwise
# skipped): each film must be rewritten by exactly one task, the one whose time span holds its new analysis.
step "rerunning the array one task at a time: sbatch --wait --array=0-3%1, CRANES_ARGS=--force"
sleep 0.1
rc=0
job2=$(submit ",CRANES_ARGS=--force" --array=0-3%1) || rc=$?
[ $rc -ne 124 ] || { show_logs; fail "the rerun did not finish within $array_limit s"; }
[ $rc -eq 0 ] || { show_logs; fail "the rerun exited with $rc (job ${job2:-?})"; }
to_ns() { local s=${1%.*} f=${1#*.}000000000; echo $((s * 1000000000 + 10#${f:0:9})); }
declare -A span_from span_to
for i in 0 1 2 3; do
  rec=$out/.shards/shard-$i-of-4.done
  [ -f "$rec" ] || fail "rerun task $i did not record success"
  grep -q "^job=${job2}_$i " "$rec" || fail "rerun task $i: $rec is not from job $job2"
  span_from[$i]=$(sed -n 's/^started_ns=//p' "$rec")
  span_to[$i]=$(sed -n 's/^ended_ns=//p' "$rec")
done
check_analyses
declare -A films_of
for f in "${wanted[@]}"; do
  name=$(basename "$f")
  m=$(to_ns "$(find "$out/$name.cranes.json" -printf '%T@')")
  owners=""
  for i in 0 1 2 3; do
    if [ "$m" -ge "${span_from[$i]}" ] && [ "$m" -le "${span_to[$i]}" ]; then owners+="$i "; fi
  done
  [ "$(wc -w <<<"$owners")" -eq 1 ] || fail "$name was rewritten by tasks [${owners}] of the rerun, not by exactly one"
  films_of[${owners% }]+="$name "
done
split=""
for i in 0 1 2 3; do split+=" $i:[${films_of[$i]:-}]"; done
step "each film belongs to exactly one shard:$split"
n=$("$cranes" catalog import "$out" --catalog "$catalog" >/dev/null && films_in_catalog) || fail "import after the rerun failed"
[ "$n" = 4 ] || fail "the catalog holds $n films after importing the rerun, not 4"
step "import after the rerun: still 4 films"
step "PASS"
