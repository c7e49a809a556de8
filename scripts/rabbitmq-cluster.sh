#!/usr/bin/env bash
# Private three-node RabbitMQ cluster for the Oslo.Messaging cluster tests and benchmarks.
#
# Usage: scripts/rabbitmq-cluster.sh COMMAND [N]      (N = 1, 2 or 3)
#   start       start the three nodes (no-op for nodes already running), join them into one cluster on first
#               start (fresh data), wait until each accepts AMQP, print the three-host URL on stdout
#   stop        stop all nodes (graceful, then kill leftovers) and the cluster's private epmd
#   status      one line per node; exit 0 = all three running, 3 = none, 5 = some
#   url         print the three-host AMQP URL (rabbit://guest:guest@127.0.0.1:P1,guest:guest@127.0.0.1:P2,.../)
#   kill N      kill -9 node N's Erlang VM, without warning, as a crash would (data kept)
#   restart N   start node N again (after kill, pause or stop_node) and wait until it accepts AMQP; it rejoins the cluster
#   stop_node N stop node N gracefully (rabbitmqctl stop) once no quorum queue depends on it for its majority
#               (rabbitmq-queues check_if_node_is_quorum_critical, at most 60 s), for rolling restarts
#   pause N     SIGSTOP node N's VM: the node hangs with its sockets open (no heartbeats, no answers)
#   resume N    SIGCONT node N
#   reset       stop all nodes and delete all their data (a fresh cluster is formed on the next start)
#   ctl N ARGS  run rabbitmqctl against node N, e.g. `ctl 1 cluster_status`, `ctl 2 list_queues name type leader`
#   port N      print node N's AMQP port
#   node N      print node N's Erlang node name
#   env         print the settings used
#
# The cluster never meets another broker on the machine: own node names, own AMQP ports, own Erlang distribution
# ports, one private epmd for the three nodes, its own Erlang cookie and folders, everything on 127.0.0.1 only.
# Every process of a node carries OSLO_RABBIT_NODE_MARK=<node folder> in its environment; only those are killed.
#
# Environment (all optional):
#   OSLO_CLUSTER_PORT          AMQP port of node 1; node N listens on PORT+N-1     (default 5681)
#   OSLO_CLUSTER_DIST_OFFSET   Erlang distribution port of node N = its AMQP port + this (default 20000)
#   OSLO_CLUSTER_EPMD_PORT     the cluster's private epmd                           (default PORT+10000)
#   OSLO_CLUSTER_NODE_PREFIX   node N is PREFIX<N>@localhost                       (default oslocl)
#   OSLO_CLUSTER_HOME          state folder                                         (default <repo>/.rabbitmq-cluster)
#   OSLO_CLUSTER_START_TIMEOUT seconds to wait for a node to start                  (default 120)
#   OSLO_CLUSTER_NET_TICKTIME  Erlang net_ticktime: how soon nodes notice a silent peer (default 15; RabbitMQ's
#                              own default is 60, so a paused node holds up cluster-wide declares for 60-75 s)
# Defaults stay clear of scripts/rabbitmq.sh's test node (5699, TLS 45699, epmd 15699, dist 25699) and the
# benchmark node (5799); bench/run.sh --cluster uses 5791-5793.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"

BASE_PORT="${OSLO_CLUSTER_PORT:-5681}"
DIST_OFFSET="${OSLO_CLUSTER_DIST_OFFSET:-20000}"
EPMD_PORT="${OSLO_CLUSTER_EPMD_PORT:-$((BASE_PORT + 10000))}"
PREFIX="${OSLO_CLUSTER_NODE_PREFIX:-oslocl}"
STATE_ROOT="${OSLO_CLUSTER_HOME:-$REPO_ROOT/.rabbitmq-cluster}"
START_TIMEOUT="${OSLO_CLUSTER_START_TIMEOUT:-120}"
NET_TICKTIME="${OSLO_CLUSTER_NET_TICKTIME:-15}"
NODES=(1 2 3)
RMQ_BIN="${OSLO_RABBIT_BIN_DIR:-/usr/lib/rabbitmq/bin}"

log() { echo "[rabbitmq-cluster.sh] $*" >&2; }
die() { echo "[rabbitmq-cluster.sh] ERROR: $*" >&2; exit 1; }
# shellcheck source=lib/rabbitmq-node.sh
source "$SCRIPT_DIR/lib/rabbitmq-node.sh"

port_of() { echo $((BASE_PORT + $1 - 1)); }
node_of() { echo "${PREFIX}$1@localhost"; }
dir_of() { echo "$STATE_ROOT/node$1"; }

url() {
    local n hosts=()
    for n in "${NODES[@]}"; do hosts+=("guest:guest@127.0.0.1:$(port_of "$n")"); done
    local IFS=,
    echo "rabbit://${hosts[*]}/"
}

check_n() {
    [[ "${1:-}" =~ ^[123]$ ]] || die "node number must be 1, 2 or 3 (got '${1:-}')"
}

# The environment of node $1 (in the current shell; callers use a subshell per node).
setup_env() {
    local n=$1
    NODE_PORT="$(port_of "$n")"
    NODE_NAME="$(node_of "$n")"
    NODE_DIR="$(dir_of "$n")"
    # One HOME (and so one .erlang.cookie) for the three nodes and rabbitmqctl: the cluster's own cookie.
    node_env "$NODE_NAME" "$NODE_PORT" "$((NODE_PORT + DIST_OFFSET))" "$((NODE_PORT + DIST_OFFSET + 10000))" "$EPMD_PORT" \
        "$NODE_DIR" "$STATE_ROOT/home"
}

write_files() {
    node_folders
    echo '[].' >"$RABBITMQ_ENABLED_PLUGINS_FILE"
    echo "[{kernel, [{net_ticktime, $NET_TICKTIME}]}]." >"$RABBITMQ_ADVANCED_CONFIG_FILE"
    # pause_minority: a node cut off from the other two stops serving instead of diverging (what a 3-node
    # production cluster sets); quorum queues need a majority anyway.
    { node_base_config "scripts/rabbitmq-cluster.sh -- private test cluster node $NODE_NAME"
      echo "cluster_partition_handling = pause_minority"; } >"$RABBITMQ_CONFIG_FILE"
}

has_mark() {
    grep -qzxF "OSLO_RABBIT_NODE_MARK=$2" "/proc/$1/environ" 2>/dev/null
}

# Processes of node folder $1 (one grep over /proc: a fork per process takes seconds on a loaded machine), except
# epmd, which the first node started and the whole cluster shares.
marked_pids() {
    local mark=$1 file pid
    for file in $(grep -lzxF "OSLO_RABBIT_NODE_MARK=$mark" /proc/[0-9]*/environ 2>/dev/null); do
        pid="${file#/proc/}"; pid="${pid%/environ}"
        [[ "$pid" == "$$" || "$pid" == "$BASHPID" ]] && continue
        [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == epmd ]] && continue
        echo "$pid"
    done
    return 0
}

ctl() {
    "$RMQ_BIN/rabbitmqctl" -n "$NODE_NAME" "$@"
}

beam_pid() {
    local pid
    [[ -f "$RABBITMQ_PID_FILE" ]] || return 0
    pid="$(tr -dc '0-9' <"$RABBITMQ_PID_FILE" 2>/dev/null || true)"
    [[ -n "$pid" ]] || return 0
    if kill -0 "$pid" 2>/dev/null && has_mark "$pid" "$NODE_DIR"; then
        echo "$pid"
    fi
}

wrapper_pid() {
    local pid
    [[ -f "$NODE_DIR/server.pid" ]] || return 0
    pid="$(cat "$NODE_DIR/server.pid" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && has_mark "$pid" "$NODE_DIR"; then echo "$pid"; fi
}

is_stopped_process() {
    [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" == T ]]
}

# Starts node $1's VM in the background (no wait). Refuses ports another process holds.
launch_node() {
    local n=$1
    setup_env "$n"
    if [[ -n "$(beam_pid)" ]]; then
        return 0
    fi
    port_open "$NODE_PORT" && die "port 127.0.0.1:$NODE_PORT is used by another process (not $NODE_NAME); set OSLO_CLUSTER_PORT"
    port_open "$RABBITMQ_DIST_PORT" && die "distribution port $RABBITMQ_DIST_PORT is in use; set OSLO_CLUSTER_PORT or OSLO_CLUSTER_DIST_OFFSET"
    write_files
    rm -f "$RABBITMQ_PID_FILE" "$NODE_DIR/server.pid"
    log "starting $NODE_NAME (amqp 127.0.0.1:$NODE_PORT, dist $RABBITMQ_DIST_PORT, epmd $EPMD_PORT, dir $NODE_DIR)"
    (cd "$NODE_DIR" && OSLO_RABBIT_NODE_MARK="$NODE_DIR" exec setsid "$RMQ_BIN/rabbitmq-server" >>"$RABBITMQ_LOG_BASE/startup.log" 2>&1 </dev/null) &
    echo $! >"$NODE_DIR/server.pid"
}

# Waits until node $1 accepts AMQP and has booted.
wait_node() {
    local n=$1 deadline=$((SECONDS + START_TIMEOUT))
    setup_env "$n"
    while ! amqp_ok "$NODE_PORT"; do
        if [[ -z "$(beam_pid)" && -z "$(wrapper_pid)" ]]; then
            log "$NODE_NAME exited during start; last lines of its logs:"
            tail -n 20 "$RABBITMQ_LOG_BASE/startup.log" >&2 2>/dev/null || true
            tail -n 20 "$RABBITMQ_LOG_BASE/$NODE_NAME.log" >&2 2>/dev/null || true
            return 1
        fi
        if (( SECONDS >= deadline )); then
            log "$NODE_NAME did not accept AMQP within ${START_TIMEOUT}s; last lines of its log:"
            tail -n 20 "$RABBITMQ_LOG_BASE/$NODE_NAME.log" >&2 2>/dev/null || true
            return 1
        fi
        sleep 0.3
    done
    ctl -q await_startup --timeout 60 >/dev/null || { log "await_startup failed for $NODE_NAME"; return 1; }
}

# Node $1 leaves its own one-node cluster and joins node 1's.
join_node() {
    local n=$1 first
    first="$(node_of 1)"
    setup_env "$n"
    local out="$RABBITMQ_LOG_BASE/join.log"
    # rabbitmqctl prints the node's boot warnings here; kept in join.log and shown only when joining fails.
    if ! { ctl -q stop_app && ctl -q reset && ctl -q join_cluster "$first" && ctl -q start_app; } >"$out" 2>&1; then
        log "$NODE_NAME could not join $first:"
        tail -n 20 "$out" >&2
        return 1
    fi
    wait_node "$n"
    log "$NODE_NAME joined $first"
}

kill_node_processes() {
    local n=$1 signal=$2 pid pids=""
    setup_env "$n"
    pid="$(beam_pid)"; [[ -n "$pid" ]] && pids="$pids $pid"
    pid="$(wrapper_pid)"; [[ -n "$pid" ]] && pids="$pids $pid"
    if [[ "$signal" == KILL && -n "${pids// }" ]]; then
        # A crash: the VM goes first, before the search for its helper processes.
        # shellcheck disable=SC2086
        kill -KILL $pids 2>/dev/null || true
    fi
    for pid in $(marked_pids "$NODE_DIR"); do pids="$pids $pid"; done
    [[ -n "${pids// }" ]] || return 0
    # shellcheck disable=SC2086
    kill -CONT $pids 2>/dev/null || true   # a paused node cannot act on TERM
    # shellcheck disable=SC2086
    kill "-$signal" $pids 2>/dev/null || true
    local alive
    for _ in $(seq 1 50); do
        alive=""
        for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
        [[ -z "$alive" ]] && break
        sleep 0.1
    done
    # shellcheck disable=SC2086
    [[ -z "$alive" ]] || kill -KILL $alive 2>/dev/null || true
}

# Waits (at most 60 s) until stopping node $1 leaves every quorum queue a majority, as an operator's rolling
# restart does: a member that just came back may still be catching up.
await_not_quorum_critical() {
    local n=$1 deadline=$((SECONDS + 60))
    setup_env "$n"
    until "$RMQ_BIN/rabbitmq-queues" -n "$NODE_NAME" -q check_if_node_is_quorum_critical >/dev/null 2>&1; do
        if (( SECONDS >= deadline )); then
            log "$NODE_NAME is still quorum-critical after 60 s; stopping it anyway"
            return 0
        fi
        sleep 1
    done
}

stop_node() {
    local n=$1 pid
    setup_env "$n"
    pid="$(beam_pid)"
    if [[ -n "$pid" ]]; then
        kill -CONT "$pid" 2>/dev/null || true
        ctl -q -t 60 stop >/dev/null 2>&1 || true
        for _ in $(seq 1 100); do
            [[ -z "$(beam_pid)" ]] && break
            sleep 0.1
        done
    fi
    kill_node_processes "$n" TERM
    rm -f "$RABBITMQ_PID_FILE" "$NODE_DIR/server.pid"
}

stop_epmd() {
    local file pid
    for file in $(grep -lzxF "ERL_EPMD_PORT=$EPMD_PORT" /proc/[0-9]*/environ 2>/dev/null); do
        pid="${file#/proc/}"; pid="${pid%/environ}"
        [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == epmd ]] && kill -TERM "$pid" 2>/dev/null || true
    done
    return 0
}

cmd_start() {
    ensure_installed
    local n fresh=0 started
    started=$(date +%s.%N)
    [[ -f "$STATE_ROOT/formed" ]] || fresh=1
    if (( fresh )); then
        # A cluster that was never formed (or a half-formed one): start from empty data.
        for n in "${NODES[@]}"; do ( stop_node "$n" ); rm -rf "$(dir_of "$n")"; done
    fi
    # All at once: a node restarted from cluster data waits for its peers' tables.
    for n in "${NODES[@]}"; do ( launch_node "$n" ); done
    local pids=() failed=0
    for n in "${NODES[@]}"; do ( wait_node "$n" ) & pids+=($!); done
    for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
    (( failed == 0 )) || { cmd_stop; die "the cluster did not start"; }
    if (( fresh )); then
        for n in 2 3; do ( join_node "$n" ) || { cmd_stop; die "the cluster could not be formed"; }; done
        touch "$STATE_ROOT/formed"
    fi
    log "cluster of $(node_of 1), $(node_of 2), $(node_of 3) accepts AMQP (start took $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s)"
    url
}

cmd_stop() {
    local n pids=()
    for n in "${NODES[@]}"; do ( stop_node "$n" ) & pids+=($!); done
    for pid in "${pids[@]}"; do wait "$pid" || true; done
    stop_epmd
    log "cluster stopped"
}

cmd_status() {
    local n running=0 pid
    for n in "${NODES[@]}"; do
        (
            setup_env "$n"
            pid="$(beam_pid)"
            if [[ -z "$pid" ]]; then
                echo "node $n $NODE_NAME: stopped"
                exit 3
            elif is_stopped_process "$pid"; then
                echo "node $n $NODE_NAME: paused (SIGSTOP, pid $pid)"
                exit 4
            elif amqp_ok "$NODE_PORT"; then
                echo "node $n $NODE_NAME: running, amqp 127.0.0.1:$NODE_PORT (pid $pid)"
            else
                echo "node $n $NODE_NAME: vm running, AMQP not accepted (pid $pid)"
                exit 4
            fi
        ) && running=$((running + 1)) || true
    done
    (( running == 3 )) && return 0
    (( running == 0 )) && return 3
    return 5
}

cmd_kill() {
    local n=$1 pid
    setup_env "$n"
    pid="$(beam_pid)"
    [[ -n "$pid" ]] || die "node $n ($NODE_NAME) is not running"
    kill_node_processes "$n" KILL
    rm -f "$RABBITMQ_PID_FILE" "$NODE_DIR/server.pid"
    log "killed $NODE_NAME (kill -9 of pid $pid)"
}

cmd_restart() {
    local n=$1 pid t0=$SECONDS
    setup_env "$n"
    pid="$(beam_pid)"
    if [[ -n "$pid" ]] && is_stopped_process "$pid"; then
        die "node $n ($NODE_NAME) is paused; resume it first"
    fi
    [[ -f "$STATE_ROOT/formed" ]] || die "the cluster was never formed; use start"
    ( launch_node "$n" )
    wait_node "$n" || die "$NODE_NAME did not come back"
    log "$NODE_NAME is back ($((SECONDS - t0))s)"
}

cmd_signal() {
    local n=$1 signal=$2 pid
    setup_env "$n"
    pid="$(beam_pid)"
    [[ -n "$pid" ]] || die "node $n ($NODE_NAME) is not running"
    kill "-$signal" "$pid"
    log "sent SIG$signal to $NODE_NAME (pid $pid)"
}

cmd_reset() {
    cmd_stop
    local n
    for n in "${NODES[@]}"; do rm -rf "$(dir_of "$n")"; done
    rm -f "$STATE_ROOT/formed"
    log "cluster data wiped ($STATE_ROOT)"
}

cmd_env() {
    local n
    echo "url=$(url)"
    echo "home=$STATE_ROOT"
    echo "epmd_port=$EPMD_PORT"
    for n in "${NODES[@]}"; do
        echo "node$n=$(node_of "$n") amqp_port=$(port_of "$n") dist_port=$(( $(port_of "$n") + DIST_OFFSET )) dir=$(dir_of "$n")"
    done
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    url) url ;;
    kill) check_n "${2:-}"; cmd_kill "$2" ;;
    restart) check_n "${2:-}"; cmd_restart "$2" ;;
    stop_node) check_n "${2:-}"; ( await_not_quorum_critical "$2"; stop_node "$2" ); log "stopped $(node_of "$2")" ;;
    pause) check_n "${2:-}"; cmd_signal "$2" STOP ;;
    resume) check_n "${2:-}"; cmd_signal "$2" CONT ;;
    reset) cmd_reset ;;
    ctl) check_n "${2:-}"; n=$2; shift 2; setup_env "$n"; ctl "$@" ;;
    port) check_n "${2:-}"; port_of "$2" ;;
    node) check_n "${2:-}"; node_of "$2" ;;
    env) cmd_env ;;
    *)
        sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
        exit 1 ;;
esac
