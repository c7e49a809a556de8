#!/usr/bin/env bash
# Fleet-scale simulation (issue 10 item 4; not a CI test):
#
#   bash bench/fleet.sh [--servers 100,1000,5000] [--python 100,1000] [--call-seconds 10]
#
# Starts a private RabbitMQ node (scripts/rabbitmq.sh, port OSLO_FLEET_RABBIT_PORT, default 5788, node oslofleet@localhost;
# fresh data), runs bench/Oslo.Messaging.Fleet for each N (N RPC servers on topic `compute`, host-1..host-N, in one
# process on one transport) and then Python oslo.messaging servers (bench/python/fleet_servers.py) for each N of
# --python, prints one JSON line per run, and stops the node on exit. Connections and channels are counted on the
# broker with rabbitmqctl. The file descriptor limit is raised to what 5,000 servers need.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SERVERS=100,1000
PYTHON_SERVERS=100
CALL_SECONDS=10
while (( $# > 0 )); do
    case "$1" in
        --servers) SERVERS="$2"; shift 2 ;;
        --python) PYTHON_SERVERS="$2"; shift 2 ;;
        --call-seconds) CALL_SECONDS="$2"; shift 2 ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
export OSLO_RABBIT_PORT="${OSLO_FLEET_RABBIT_PORT:-5788}"
export OSLO_RABBIT_NODENAME="${OSLO_FLEET_RABBIT_NODENAME:-oslofleet@localhost}"
export OSLO_RABBIT_HOME="${OSLO_FLEET_RABBIT_HOME:-$ROOT/.rabbitmq}"
RABBIT="$ROOT/scripts/rabbitmq.sh"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
log() { echo "[bench/fleet.sh] $*" >&2; }

dotnet build bench/Oslo.Messaging.Fleet/Oslo.Messaging.Fleet.csproj -c Release -nologo -v q >&2
trap 'bash "$RABBIT" stop >/dev/null 2>&1 || true' EXIT
trap 'exit 130' INT TERM
bash "$RABBIT" stop >/dev/null 2>&1 || true
bash "$RABBIT" reset >/dev/null 2>&1 || true
URL="$(bash "$RABBIT" start)"
count() { bash "$RABBIT" ctl -q "$1" pid 2>/dev/null | grep -c '^<' || true; }

log "this library: N = $SERVERS"
dotnet bench/Oslo.Messaging.Fleet/bin/Release/net10.0/Oslo.Messaging.Fleet.dll --url "$URL" --ctl "bash $RABBIT ctl" \
    --servers "$SERVERS" --call-seconds "$CALL_SECONDS"

IFS=, read -r -a python_ns <<<"$PYTHON_SERVERS"
for n in "${python_ns[@]}"; do
    [[ -n "$n" ]] || continue
    log "Python oslo.messaging $(/usr/bin/python3 -c 'import importlib.metadata as m; print(m.version("oslo.messaging"))'): N = $n"
    c0=$(count list_connections); h0=$(count list_channels)
    coproc PY { /usr/bin/python3 "$ROOT/bench/python/fleet_servers.py" "$URL" "$n" 2>/dev/null; }
    read -r started <&"${PY[0]}"
    sleep 2
    c1=$(count list_connections); h1=$(count list_channels)
    echo "" >&"${PY[1]}"
    read -r stopped <&"${PY[0]}" || stopped='{}'
    wait "$PY_PID" 2>/dev/null || true
    echo "{\"impl\":\"python\",\"servers\":$n,\"broker_connections\":$((c1 - c0)),\"broker_channels\":$((h1 - h0)),\"start\":$started,\"stop\":$stopped}"
done
