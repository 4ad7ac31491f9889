#!/usr/bin/env bash
# A private one-node Slurm cluster (munged, slurmctld, slurmd on 127.0.0.1) under one directory, for tests.
#
#   tests/slurm/local_cluster.sh start DIR   # prints `export SLURM_CONF=DIR/slurm.conf` on stdout
#   tests/slurm/local_cluster.sh stop DIR    # cancels its jobs, stops its daemons (by their recorded pids)
#
# or, sourced: `source tests/slurm/local_cluster.sh; cluster_start DIR; ...; cluster_stop DIR`.
#
# Everything lives under DIR: the munge key, socket and seed, Slurm's state and spool, the daemons' logs
# (DIR/log/*.log), their pids (DIR/pid/*.pid), slurm.conf and DIR/env (the line to source for the clients).
# The TCP ports are chosen free on this machine, starting from a number derived from the pid, so two runs do
# not clash. Every wait is bounded; on failure the daemons' log tails are printed.
#
# Exit (return) codes: 0 started / stopped; 77 the cluster cannot run here (missing programs, not root, ...),
# with a one-line reason on stderr, so that a test reports itself skipped; 1 a daemon failed to start (its log
# tail is printed) or did not stop.
#
# Processes are only ever signalled by the pids recorded here, after checking that /proc/PID/comm is still that
# daemon and that its command line names this cluster's files; never by name.

# Seconds each step may take.
: "${CLUSTER_MUNGE_WAIT:=10}" "${CLUSTER_CTLD_WAIT:=30}" "${CLUSTER_SLURMD_WAIT:=30}"
: "${CLUSTER_DRAIN_WAIT:=30}" "${CLUSTER_TERM_WAIT:=15}" "${CLUSTER_KILL_WAIT:=5}"

_cluster_say() { printf 'local_cluster: %s\n' "$*" >&2; }

# Seconds since the epoch with a fraction, for progress lines.
_cluster_now() { date +%s.%N; }
_cluster_since() { awk -v a="$1" -v b="$(_cluster_now)" 'BEGIN { printf "%.1f", b - a }'; }

# Why the cluster cannot run here (empty when it can).
_cluster_why_not() {
  local missing=() c
  for c in munged munge unmunge slurmctld slurmd sbatch squeue scancel scontrol sinfo setsid timeout hostname \
    awk; do
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "missing ${missing[*]} (install slurmctld slurmd slurm-client munge: scripts/setup.sh)"
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "needs root (slurmd runs the jobs as their owner and the cluster's SlurmUser is root)"
    return
  fi
  [ -r /proc/self/comm ] || { echo "no /proc here"; return; }
  [ -n "$(hostname -s 2>/dev/null)" ] || { echo "hostname -s prints nothing"; return; }
}

# TCP ports bound or connected on this machine, one decimal number a line.
_cluster_ports_in_use() {
  local _sl local_address _rest
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | while read -r _sl local_address _rest; do
    [[ $local_address =~ :([0-9A-Fa-f]{4})$ ]] && echo $((16#${BASH_REMATCH[1]}))
  done | sort -un
}

# Two free consecutive TCP ports below the usual ephemeral range, starting from a number derived from SEED.
_cluster_free_ports() {
  local seed=$1 used p i
  used=" $(_cluster_ports_in_use | tr '\n' ' ') "
  p=$((10000 + (seed * 2) % 22000))
  for ((i = 0; i < 2000; i++)); do
    if [[ $used != *" $p "* && $used != *" $((p + 1)) "* ]]; then
      echo "$p $((p + 1))"
      return 0
    fi
    p=$((p + 2))
    [ $p -lt 32000 ] || p=10000
  done
  return 1
}

# True while PID is a process that has not exited (a zombie has).
_cluster_alive() {
  local state
  state=$(awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# True while PID is a live (not zombie) process whose comm is NAME and whose command line contains MARK.
_cluster_is_ours() {
  local pid=$1 name=$2 mark=$3 comm
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  [ "$comm" = "$name" ] || return 1
  _cluster_alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$mark"
}

_cluster_tail_logs() {
  local dir=$1 f
  for f in "$dir"/log/*.log; do
    [ -f "$f" ] || continue
    echo "----- last lines of $f" >&2
    tail -n 25 "$f" >&2
  done
  echo "-----" >&2
}

# Starts NAME (a daemon that stays in the foreground) as its own session, off the caller's pipes, and records
# its pid in DIR/pid/NAME.pid. MARK is a string its command line contains (to recognise it later).
_cluster_spawn() {
  local dir=$1 name=$2 mark=$3 pidfile=$4
  shift 4
  setsid "$@" </dev/null >>"$dir/log/$name.log" 2>&1 &
  local pid=$! t
  # Without job control setsid execs the daemon, so $! is the daemon itself; with job control it forks, and
  # the daemon's own pid file says who it is.
  for ((t = 0; t < 50; t++)); do
    if _cluster_is_ours "$pid" "$name" "$mark"; then
      echo "$pid" >"$dir/pid/$name.pid"
      return 0
    fi
    if ! _cluster_alive "$pid" || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = setsid ]; then
      local own
      own=$(cat "$pidfile" 2>/dev/null || true)
      if _cluster_is_ours "$own" "$name" "$mark"; then
        echo "$own" >"$dir/pid/$name.pid"
        return 0
      fi
      if ! _cluster_alive "$pid" && [ "$t" -ge 10 ]; then
        wait "$pid" 2>/dev/null || true
        _cluster_say "$name exited at once; see $dir/log/$name.log"
        return 1
      fi
    fi
    sleep 0.1
  done
  _cluster_say "$name did not start within 5 s (pid $pid)"
  return 1
}

# Polls COMMAND... every 0.2 s until it succeeds, for at most SECONDS, failing at once if the daemon NAME has
# died.
_cluster_wait_for() {
  local dir=$1 name=$2 mark=$3 seconds=$4
  shift 4
  local deadline=$((SECONDS + seconds))
  while ! "$@" >/dev/null 2>&1; do
    if ! _cluster_is_ours "$(cat "$dir/pid/$name.pid" 2>/dev/null)" "$name" "$mark"; then
      _cluster_say "$name exited while starting"
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      _cluster_say "$name not ready after ${seconds} s"
      return 1
    fi
    sleep 0.2
  done
}

_cluster_munge_ok() { munge -S "$1" -n | unmunge -S "$1"; }
_cluster_ctld_up() { timeout 5 scontrol ping | grep -q 'is UP'; }
_cluster_node_idle() { [ "$(timeout 5 sinfo -h -N -o %t | head -n 1)" = idle ]; }

_cluster_write_conf() {
  local dir=$1 run=$2 node=$3 ctld_port=$4 slurmd_port=$5 cpus mem
  cpus=$(nproc)
  # Tell Slurm a little less memory than the machine has, so that slurmd never finds less than it is told.
  mem=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
  cat >"$dir/slurm.conf" <<EOF
# A private one-node cluster for tests (tests/slurm/local_cluster.sh); everything under $dir.
ClusterName=cranes
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$run/socket/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$run/spool/%n
SlurmctldPidFile=$dir/pid/slurmctld.own.pid
SlurmdPidFile=$dir/pid/slurmd.own.pid
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
MailProg=/bin/true
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
SlurmctldDebug=info
SlurmdDebug=info
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
}

# cluster_start DIR: starts the cluster; exports SLURM_CONF to the caller (when sourced) and writes DIR/env.
cluster_start() {
  local dir=${1:?usage: cluster_start DIR}
  local why t0 node run
  why=$(_cluster_why_not)
  if [ -n "$why" ]; then
    _cluster_say "cannot run a Slurm cluster here: $why"
    return 77
  fi
  mkdir -p "$dir" && dir=$(cd "$dir" && pwd) || return 1
  if [ -s "$dir/pid/slurmctld.pid" ] &&
    _cluster_is_ours "$(cat "$dir/pid/slurmctld.pid")" slurmctld "$dir/slurm.conf"; then
    _cluster_say "a cluster is already running under $dir"
    return 1
  fi
  t0=$(_cluster_now)
  node=$(hostname -s)
  # Unix socket paths are limited to 107 bytes; slurmd's step sockets are SPOOL/NODE/NODE_JOB.STEP. Under a
  # long DIR the sockets and the spool go to a short directory in /tmp instead (removed by cluster_stop).
  run=$dir
  if [ $((${#dir} + 2 * ${#node} + 40)) -gt 100 ]; then
    run=$(mktemp -d /tmp/cranes-slurm.XXXXXX) || return 1
  fi
  rm -rf "$dir/state" "$dir/log" "$dir/pid" "$dir/munge" "$run/socket" "$run/spool"
  mkdir -p "$dir/state" "$dir/log" "$dir/pid" "$dir/munge" "$run/socket" "$run/spool/$node" || return 1
  echo "$run" >"$dir/pid/run_dir"
  # The key stays private; the socket's directory (and those above it) must be searchable by all, or munged
  # warns and refuses other users' clients.
  chmod 0755 "$dir" "$run" "$run/socket"
  chmod 0700 "$dir/munge"

  # munge: a fresh key and a private daemon.
  if command -v mungekey >/dev/null 2>&1; then
    mungekey --create --keyfile="$dir/munge/munge.key" >>"$dir/log/munged.log" 2>&1 || return 1
  else
    dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none || return 1
  fi
  chmod 0400 "$dir/munge/munge.key"
  local sock=$run/socket/munge.socket
  if ! { _cluster_spawn "$dir" munged "$dir/munge/munge.key" "$dir/pid/munged.own.pid" \
    munged -F --force --key-file="$dir/munge/munge.key" --socket="$sock" \
    --pid-file="$dir/pid/munged.own.pid" --seed-file="$dir/munge/munged.seed" &&
    _cluster_wait_for "$dir" munged "$dir/munge/munge.key" "$CLUSTER_MUNGE_WAIT" _cluster_munge_ok "$sock"; }; then
    _cluster_tail_logs "$dir"
    cluster_stop "$dir" >/dev/null 2>&1
    return 1
  fi

  # slurmctld, then slurmd; a port taken between our look and the daemon's bind gets one more try elsewhere.
  export SLURM_CONF=$dir/slurm.conf
  local attempt ports ok=0
  for attempt in 1 2 3; do
    ports=$(_cluster_free_ports $(($$ + attempt * 7919))) || {
      _cluster_say "cannot run a Slurm cluster here: no free TCP port pair in 10000-32000"
      cluster_stop "$dir" >/dev/null 2>&1
      return 77
    }
    # shellcheck disable=SC2086
    _cluster_write_conf "$dir" "$run" "$node" $ports
    if _cluster_spawn "$dir" slurmctld "$SLURM_CONF" "$dir/pid/slurmctld.own.pid" \
      slurmctld -D -c -f "$SLURM_CONF" &&
      _cluster_wait_for "$dir" slurmctld "$SLURM_CONF" "$CLUSTER_CTLD_WAIT" _cluster_ctld_up &&
      _cluster_spawn "$dir" slurmd "$SLURM_CONF" "$dir/pid/slurmd.own.pid" \
        slurmd -D -c -N "$node" -f "$SLURM_CONF" &&
      _cluster_wait_for "$dir" slurmd "$SLURM_CONF" "$CLUSTER_SLURMD_WAIT" _cluster_node_idle; then
      ok=1
      break
    fi
    if grep -qs 'Address already in use' "$dir/log/slurmctld.log" "$dir/log/slurmd.log"; then
      _cluster_say "ports $ports were taken meanwhile; trying others"
      _cluster_stop_daemon "$dir" slurmd "$SLURM_CONF"
      _cluster_stop_daemon "$dir" slurmctld "$SLURM_CONF"
      mkdir -p "$dir/log/old.$attempt"
      mv "$dir"/log/slurm*.log "$dir/log/old.$attempt/" 2>/dev/null || true
      continue
    fi
    break
  done
  if [ $ok -ne 1 ]; then
    _cluster_tail_logs "$dir"
    cluster_stop "$dir" >/dev/null 2>&1
    return 1
  fi
  echo "export SLURM_CONF=$SLURM_CONF" >"$dir/env"
  # shellcheck disable=SC2086
  set -- $ports
  _cluster_say "up in $(_cluster_since "$t0") s: node $node ($(nproc) CPUs), slurmctld port $1, slurmd port $2," \
    "SLURM_CONF=$SLURM_CONF"
}

# Stops the daemon NAME recorded under DIR: SIGTERM, then SIGKILL after CLUSTER_TERM_WAIT seconds.
_cluster_stop_daemon() {
  local dir=$1 name=$2 mark=$3 pid deadline
  pid=$(cat "$dir/pid/$name.pid" 2>/dev/null) || return 0
  if ! _cluster_is_ours "$pid" "$name" "$mark"; then
    rm -f "$dir/pid/$name.pid"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + CLUSTER_TERM_WAIT))
  while _cluster_is_ours "$pid" "$name" "$mark" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  if _cluster_is_ours "$pid" "$name" "$mark"; then
    _cluster_say "$name (pid $pid) ignored SIGTERM for ${CLUSTER_TERM_WAIT} s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    deadline=$((SECONDS + CLUSTER_KILL_WAIT))
    while _cluster_is_ours "$pid" "$name" "$mark" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    if _cluster_is_ours "$pid" "$name" "$mark"; then
      _cluster_say "$name (pid $pid) is still running after SIGKILL"
      return 1
    fi
  fi
  # Reap it when it is our own child (a no-op otherwise).
  wait "$pid" 2>/dev/null || true
  rm -f "$dir/pid/$name.pid"
  return 0
}

# cluster_stop DIR: cancels every job of the cluster under DIR, waits for its queue to empty, stops its
# daemons. Safe to call twice, or after a start that failed half way. Leaves the logs in DIR/log.
cluster_stop() {
  local dir=${1:?usage: cluster_stop DIR}
  [ -d "$dir" ] || return 0
  dir=$(cd "$dir" && pwd) || return 1
  local conf=$dir/slurm.conf t0 rc=0 run
  t0=$(_cluster_now)
  if _cluster_is_ours "$(cat "$dir/pid/slurmctld.pid" 2>/dev/null)" slurmctld "$conf"; then
    local jobs deadline
    jobs=$(SLURM_CONF=$conf timeout 10 squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ')
    if [ -n "${jobs// /}" ]; then
      _cluster_say "cancelling jobs $jobs"
      # shellcheck disable=SC2086
      SLURM_CONF=$conf timeout 10 scancel $jobs 2>/dev/null || true
    fi
    # Jobs' slurmstepd processes outlive slurmd, so wait until the queue is empty before stopping it.
    deadline=$((SECONDS + CLUSTER_DRAIN_WAIT))
    while :; do
      jobs=$(SLURM_CONF=$conf timeout 10 squeue -h -o %A 2>/dev/null) || break
      [ -z "$jobs" ] && break
      if [ $SECONDS -ge $deadline ]; then
        _cluster_say "jobs still queued after ${CLUSTER_DRAIN_WAIT} s: $(echo "$jobs" | tr '\n' ' ')"
        rc=1
        break
      fi
      sleep 0.2
    done
  fi
  _cluster_stop_daemon "$dir" slurmd "$conf" || rc=1
  _cluster_stop_daemon "$dir" slurmctld "$conf" || rc=1
  _cluster_stop_daemon "$dir" munged "$dir/munge/munge.key" || rc=1
  run=$(cat "$dir/pid/run_dir" 2>/dev/null || true)
  if [ $rc -eq 0 ] && [[ -n $run && $run != "$dir" && $run == /tmp/cranes-slurm.* ]]; then
    rm -rf "$run"
  fi
  _cluster_say "stopped in $(_cluster_since "$t0") s"
  return $rc
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    start)
      [ -n "${2:-}" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
      cluster_start "$2" || exit $?
      cat "$2/env"
      ;;
    stop)
      [ -n "${2:-}" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
      cluster_stop "$2" || exit $?
      ;;
    *)
      echo "usage: $0 start|stop DIR" >&2
      exit 2
      ;;
  esac
fi
