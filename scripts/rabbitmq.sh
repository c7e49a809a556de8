#!/usr/bin/env bash
# Private RabbitMQ node for the Oslo.Messaging test suite.
#
# Usage: scripts/rabbitmq.sh COMMAND [ARGS...]
#   start       start the node (no-op if it is already running), wait until it
#               accepts AMQP, print the AMQP URL on stdout
#   stop        stop the node (graceful, then kill leftovers), also stops the
#               private epmd
#   restart     stop + start, keeping data (full Erlang VM restart)
#   stop_app    rabbitmqctl stop_app  (AMQP listener closed, VM stays up; fast)
#   start_app   rabbitmqctl start_app (and wait until AMQP is accepted again)
#   status      print state; exit 0 = running, 3 = stopped, 4 = VM up but app stopped
#   url         print the AMQP URL (rabbit://guest:guest@127.0.0.1:PORT/)
#   tls_url     print the AMQPS URL (rabbit://guest:guest@localhost:TLS_PORT/, no
#               query: add ?ssl=true&ssl_ca_file=... yourself); needs OSLO_RABBIT_TLS_PORT
#   reset       stop the node and delete all its data (fresh broker next start)
#   ctl ARGS    run rabbitmqctl against this node, e.g. `ctl list_queues`,
#               `ctl close_all_connections test`
#   env         print the settings used (ports, node, folders)
#
# The node never collides with another broker on the machine: own node name,
# own AMQP port, own Erlang distribution port, own epmd port, own cookie and
# own folders, everything bound to 127.0.0.1 only.
#
# Environment (all optional):
#   OSLO_RABBIT_PORT           AMQP port                  (default 5699)
#   OSLO_RABBIT_DIST_PORT      Erlang distribution port   (default PORT+20000)
#   OSLO_RABBIT_EPMD_PORT      private epmd port          (default PORT+10000)
#   OSLO_RABBIT_NODENAME       Erlang node name           (default oslotest@localhost)
#   OSLO_RABBIT_HOME           state folder               (default <repo>/.rabbitmq)
#                              (the node uses OSLO_RABBIT_HOME/PORT/)
#   OSLO_RABBIT_START_TIMEOUT  seconds to wait for start  (default 90)
#   OSLO_RABBIT_TLS_PORT       also listen for AMQP over TLS on this port (default: no TLS
#                              listener), with the rabbitmq_auth_mechanism_ssl plugin (EXTERNAL)
#   OSLO_RABBIT_TLS_DIR        certificates of scripts/tls-certs.sh (default <repo>/.tls;
#                              made by that script when missing)
#
# The TLS listener (127.0.0.1, and ::1 when the machine has IPv6 loopback) asks
# for a client certificate but does not require one, checks it against
# TLS_DIR/ca.pem, and takes the EXTERNAL login name from its common name; the
# user oslo-tls-client (client.pem's CN) exists without a password, so it can
# only log in with EXTERNAL. The broker presents TLS_DIR/server.pem (DNS
# localhost) to clients that ask for `localhost` by SNI, and
# TLS_DIR/wrong-host.pem (DNS wrong-host.invalid) to all others, e.g. clients
# connecting to 127.0.0.1 (no SNI for IP addresses): `localhost` is the right
# host name, `127.0.0.1` a wrong one, both on the same listener.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"

PORT="${OSLO_RABBIT_PORT:-5699}"
DIST_PORT="${OSLO_RABBIT_DIST_PORT:-$((PORT + 20000))}"
EPMD_PORT="${OSLO_RABBIT_EPMD_PORT:-$((PORT + 10000))}"
CTL_DIST_MIN="${OSLO_RABBIT_CTL_DIST_PORT_MIN:-$((PORT + 30000))}"
NODE="${OSLO_RABBIT_NODENAME:-oslotest@localhost}"
STATE_ROOT="${OSLO_RABBIT_HOME:-$REPO_ROOT/.rabbitmq}"
BASE="$STATE_ROOT/$PORT"
START_TIMEOUT="${OSLO_RABBIT_START_TIMEOUT:-90}"
URL="rabbit://guest:guest@127.0.0.1:${PORT}/"
TLS_PORT="${OSLO_RABBIT_TLS_PORT:-}"
TLS_DIR="${OSLO_RABBIT_TLS_DIR:-$REPO_ROOT/.tls}"
TLS_URL="rabbit://guest:guest@localhost:${TLS_PORT}/"
TLS_USER=oslo-tls-client

# The Debian package's /usr/sbin wrappers `su` to the rabbitmq user and cd to
# /var/lib/rabbitmq; the real scripts live here and run fine as root.
RMQ_BIN="${OSLO_RABBIT_BIN_DIR:-/usr/lib/rabbitmq/bin}"

log() { echo "[rabbitmq.sh] $*" >&2; }
die() { echo "[rabbitmq.sh] ERROR: $*" >&2; exit 1; }
# shellcheck source=lib/rabbitmq-node.sh
source "$SCRIPT_DIR/lib/rabbitmq-node.sh"

setup_env() {
    node_env "$NODE" "$PORT" "$DIST_PORT" "$CTL_DIST_MIN" "$EPMD_PORT" "$BASE" "$BASE/home"
}

write_files() {
    node_folders
    # rabbitmq_event_exchange: the wire tests read what the driver declared (queue.created, consumer.created ... with
    # flags and arguments) from amq.rabbitmq.event.
    if [[ -n "$TLS_PORT" ]]; then
        echo '[rabbitmq_auth_mechanism_ssl,rabbitmq_event_exchange].' >"$RABBITMQ_ENABLED_PLUGINS_FILE"
    else
        echo '[rabbitmq_event_exchange].' >"$RABBITMQ_ENABLED_PLUGINS_FILE"
    fi
    node_base_config "scripts/rabbitmq.sh -- private test node" >"$RABBITMQ_CONFIG_FILE"
    echo '[].' >"$RABBITMQ_ADVANCED_CONFIG_FILE"
    [[ -z "$TLS_PORT" ]] || write_tls_files
}

write_tls_files() {
    local name
    for name in ca server wrong-host; do
        if [[ ! -s "$TLS_DIR/$name.pem" || ! -s "$TLS_DIR/$name.key" ]]; then
            bash "$SCRIPT_DIR/tls-certs.sh" "$TLS_DIR"
            break
        fi
    done
    cat >>"$RABBITMQ_CONFIG_FILE" <<EOF
listeners.ssl.default = 127.0.0.1:${TLS_PORT}
auth_mechanisms.1 = PLAIN
auth_mechanisms.2 = AMQPLAIN
auth_mechanisms.3 = EXTERNAL
ssl_cert_login_from = common_name
EOF
    if grep -qs '^0\{31\}1 ' /proc/net/if_inet6; then
        echo "listeners.ssl.ipv6 = ::1:${TLS_PORT}" >>"$RABBITMQ_CONFIG_FILE"
    fi
    # sni_hosts has no rabbitmq.conf key; the whole ssl_options list lives here.
    cat >"$RABBITMQ_ADVANCED_CONFIG_FILE" <<EOF
[{rabbit, [{ssl_options, [
    {cacertfile, "$TLS_DIR/ca.pem"},
    {certfile, "$TLS_DIR/wrong-host.pem"},
    {keyfile, "$TLS_DIR/wrong-host.key"},
    {verify, verify_peer},
    {fail_if_no_peer_cert, false},
    {sni_hosts, [{"localhost", [{certfile, "$TLS_DIR/server.pem"}, {keyfile, "$TLS_DIR/server.key"}]}]}
]}]}].
EOF
}

# The EXTERNAL login's user: no password (password logins fail), full rights on /.
add_tls_user() {
    local defs="$BASE/tls-user.json"
    cat >"$defs" <<EOF
{"users": [{"name": "$TLS_USER", "password_hash": "", "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": []}],
 "permissions": [{"user": "$TLS_USER", "vhost": "/", "configure": ".*", "write": ".*", "read": ".*"}]}
EOF
    ctl -q import_definitions "$defs" >/dev/null || die "could not add the EXTERNAL user $TLS_USER to $NODE"
}

# Every process of our node carries OSLO_RABBIT_NODE_MARK=<state dir> in its
# environment (set only when launching the server), so we never touch another
# broker's processes.
has_mark() {
    tr '\0' '\n' 2>/dev/null <"/proc/$1/environ" | grep -qxF "OSLO_RABBIT_NODE_MARK=$BASE"
}

marked_pids() {
    local d pid
    for d in /proc/[0-9]*; do
        pid="${d#/proc/}"
        [[ "$pid" == "$$" || "$pid" == "$BASHPID" ]] && continue
        has_mark "$pid" && echo "$pid"
    done
    return 0
}

ctl() {
    "$RMQ_BIN/rabbitmqctl" -n "$NODE" "$@"
}

beam_pid() {
    # Erlang VM pid of our node, empty if not running.
    local pid
    [[ -f "$RABBITMQ_PID_FILE" ]] || return 0
    pid="$(tr -dc '0-9' <"$RABBITMQ_PID_FILE" 2>/dev/null || true)"
    [[ -n "$pid" ]] || return 0
    if kill -0 "$pid" 2>/dev/null && has_mark "$pid"; then
        echo "$pid"
    fi
}

wrapper_pid() {
    local pid
    [[ -f "$BASE/server.pid" ]] || return 0
    pid="$(cat "$BASE/server.pid" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

is_running() {
    [[ -n "$(beam_pid)" ]]
}

wait_amqp() {
    local deadline=$1
    while ! amqp_ok "$PORT"; do
        if [[ -z "$(beam_pid)" && -z "$(wrapper_pid)" ]]; then
            return 2
        fi
        (( SECONDS < deadline )) || return 1
        sleep 0.2
    done
}

cmd_start() {
    ensure_installed
    setup_env
    if is_running; then
        if amqp_ok "$PORT"; then
            log "node $NODE already running (pid $(beam_pid)); nothing to do"
            echo "$URL"
            return 0
        fi
        log "node $NODE running but AMQP not up; starting the app"
        cmd_start_app
        return
    fi
    if port_open "$PORT"; then
        die "port 127.0.0.1:$PORT is already used by another process (not node $NODE); set OSLO_RABBIT_PORT"
    fi
    if [[ -n "$TLS_PORT" ]] && port_open "$TLS_PORT"; then
        die "TLS port 127.0.0.1:$TLS_PORT is already used by another process; set OSLO_RABBIT_TLS_PORT"
    fi
    if port_open "$DIST_PORT"; then
        die "distribution port $DIST_PORT is already in use; set OSLO_RABBIT_DIST_PORT"
    fi
    write_files
    rm -f "$RABBITMQ_PID_FILE" "$BASE/server.pid"
    local t0=$SECONDS started
    started=$(date +%s.%N)
    log "starting $NODE (amqp 127.0.0.1:$PORT, dist $DIST_PORT, epmd $EPMD_PORT, dir $BASE)"
    # setsid: own session/process group, so the node survives this script and
    # a Ctrl-C in the caller's terminal does not hit it directly.
    (cd "$BASE" && OSLO_RABBIT_NODE_MARK="$BASE" exec setsid "$RMQ_BIN/rabbitmq-server" >"$RABBITMQ_LOG_BASE/startup.log" 2>&1 </dev/null) &
    echo $! >"$BASE/server.pid"
    local rc=0
    wait_amqp $((t0 + START_TIMEOUT)) || rc=$?
    if (( rc != 0 )); then
        if (( rc == 2 )); then log "node process exited during start"; else log "timed out after ${START_TIMEOUT}s"; fi
        log "---- last lines of $RABBITMQ_LOG_BASE/startup.log ----"
        tail -n 30 "$RABBITMQ_LOG_BASE/startup.log" >&2 || true
        log "---- last lines of $RABBITMQ_LOG_BASE/$NODE.log ----"
        tail -n 30 "$RABBITMQ_LOG_BASE/$NODE.log" >&2 2>/dev/null || true
        cmd_stop_quiet
        die "RabbitMQ node $NODE failed to start"
    fi
    # Confirm with the node itself that boot is complete.
    ctl -q await_startup --timeout 30 >/dev/null || die "await_startup failed for $NODE"
    if [[ -n "$TLS_PORT" ]]; then
        port_open "$TLS_PORT" || die "node $NODE started without its TLS listener on port $TLS_PORT; see $RABBITMQ_LOG_BASE/$NODE.log"
        add_tls_user
        log "node $NODE accepts AMQP over TLS on localhost:$TLS_PORT (certificates in $TLS_DIR, EXTERNAL user $TLS_USER)"
    fi
    log "node $NODE accepts AMQP on 127.0.0.1:$PORT (start took $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s)"
    echo "$URL"
}

kill_leftovers() {
    local pid pids=""
    pid="$(beam_pid)"; [[ -n "$pid" ]] && pids="$pids $pid"
    pid="$(wrapper_pid)"; [[ -n "$pid" ]] && pids="$pids $pid"
    # Any other process still using our folder (erl_child_setup, inet_gethost...).
    for pid in $(marked_pids); do pids="$pids $pid"; done
    [[ -n "${pids// }" ]] || return 0
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 1 50); do
        local alive=""
        for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
        [[ -z "$alive" ]] && return 0
        sleep 0.1
    done
    # shellcheck disable=SC2086
    kill -KILL $alive 2>/dev/null || true
}

stop_epmd() {
    # Our private epmd (started by erl with ERL_EPMD_PORT); only ours: it is the
    # one listening on EPMD_PORT.
    local d pid
    for d in /proc/[0-9]*; do
        pid="${d#/proc/}"
        [[ "$(cat "$d/comm" 2>/dev/null)" == epmd ]] || continue
        if tr '\0' '\n' 2>/dev/null <"/proc/$pid/environ" | grep -qxF "ERL_EPMD_PORT=$EPMD_PORT"; then
            kill -TERM "$pid" 2>/dev/null || true
        fi
    done
}

cmd_stop_quiet() {
    local keep_epmd="${1:-}"
    if is_running; then
        ctl -q -t 30 stop >/dev/null 2>&1 || true
        for _ in $(seq 1 100); do
            [[ -z "$(beam_pid)" ]] && break
            sleep 0.1
        done
    fi
    kill_leftovers
    [[ "$keep_epmd" == keep_epmd ]] || stop_epmd
    rm -f "$RABBITMQ_PID_FILE" "$BASE/server.pid"
}

cmd_stop() {
    local keep_epmd="${1:-}"
    setup_env
    if ! is_running && [[ -z "$(wrapper_pid)" ]]; then
        log "node $NODE is not running"
        kill_leftovers
        [[ "$keep_epmd" == keep_epmd ]] || stop_epmd
        return 0
    fi
    local started
    started=$(date +%s.%N)
    cmd_stop_quiet "$keep_epmd"
    log "node $NODE stopped ($(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s)"
}

cmd_stop_app() {
    setup_env
    is_running || die "node $NODE is not running"
    ctl -q stop_app >/dev/null
    log "app stopped on $NODE (AMQP port $PORT closed, VM still up)"
}

cmd_start_app() {
    setup_env
    is_running || die "node $NODE is not running (use start)"
    local t0=$SECONDS
    ctl -q start_app >/dev/null
    wait_amqp $((t0 + START_TIMEOUT)) || die "AMQP did not come back on port $PORT"
    log "app started on $NODE ($((SECONDS - t0))s)"
    echo "$URL"
}

cmd_status() {
    setup_env
    if is_running; then
        if amqp_ok "$PORT"; then
            echo "running $URL (node $NODE, pid $(beam_pid))"
            return 0
        fi
        echo "vm-running-app-stopped (node $NODE, pid $(beam_pid))"
        return 4
    fi
    echo "stopped (node $NODE)"
    return 3
}

cmd_reset() {
    setup_env
    cmd_stop_quiet
    # Keep home/ (cookie); wipe broker data and logs.
    rm -rf "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE" "$RABBITMQ_PLUGINS_EXPAND_DIR" "$RABBITMQ_FEATURE_FLAGS_FILE"
    log "node $NODE data wiped ($BASE)"
}

cmd_env() {
    setup_env
    cat <<EOF
url=$URL
node=$NODE
amqp_port=$PORT
tls_port=${TLS_PORT:-none}
tls_dir=$TLS_DIR
dist_port=$DIST_PORT
epmd_port=$EPMD_PORT
base=$BASE
log=$RABBITMQ_LOG_BASE/$NODE.log
EOF
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    restart) cmd_stop keep_epmd; cmd_start ;;  # private epmd kept: faster start
    stop_app) cmd_stop_app ;;
    start_app) cmd_start_app ;;
    status) cmd_status ;;
    url) echo "$URL" ;;
    tls_url) [[ -n "$TLS_PORT" ]] || die "OSLO_RABBIT_TLS_PORT is not set"; echo "$TLS_URL" ;;
    reset) cmd_reset ;;
    env) cmd_env ;;
    ctl) shift; setup_env; ctl "$@" ;;
    *)
        sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
        exit 1 ;;
esac
