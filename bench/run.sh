#!/usr/bin/env bash
# The benchmark command (see bench/README.md):
#
#   bash bench/run.sh [--quick|--full] [--only NAME,NAME...] [--time-scale X] [--cluster] [--out DIR]
#
# --out DIR: write the reports (latest.*, notify-latest.*) to DIR instead of bench/results (bench/results/cluster with
# --cluster), so a trial run does not replace the run of record.
#
# --cluster: against a private three-node cluster (scripts/rabbitmq-cluster.sh, AMQP ports OSLO_BENCH_CLUSTER_PORT..+2,
# default 5791-5793) with quorum server queues, for this library (three-host URL, rabbit_quorum_queue=true), raw
# RabbitMQ.Client and MassTransit (first host, quorum queue); results in bench/results/cluster/.
#
# Starts a private RabbitMQ node on loopback (scripts/rabbitmq.sh, its own port 5799 and node name so it never
# meets the test suite's node), installs Debian's python3-oslo.messaging if it is missing, builds the benchmark
# projects (Release), runs every implementation side by side, prints the tables and the JSON lines, writes
# bench/results/latest.{md,jsonl,svg}, and stops the node on exit, whatever happens.
#
# Environment: OSLO_BENCH_RABBIT_PORT (default 5799), OSLO_BENCH_RABBIT_NODENAME (default oslobench@localhost),
# OSLO_BENCH_RABBITMQ_SH (default <repo>/scripts/rabbitmq.sh), OSLO_BENCH_PYTHON (default /usr/bin/python3).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MODE="--quick"
EXTRA=()
CLUSTER=0
OUT_ARG=""
ARGS=("$@")
for ((i = 0; i < ${#ARGS[@]}; i++)); do
    arg="${ARGS[$i]}"
    case "$arg" in
        --quick|--full) MODE="$arg" ;;
        --cluster) CLUSTER=1 ;;
        --out) i=$((i + 1)); OUT_ARG="${ARGS[$i]:?--out needs a folder}" ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) EXTRA+=("$arg") ;;
    esac
done

export OSLO_RABBIT_PORT="${OSLO_BENCH_RABBIT_PORT:-5799}"
export OSLO_RABBIT_NODENAME="${OSLO_BENCH_RABBIT_NODENAME:-oslobench@localhost}"
RABBIT="${OSLO_BENCH_RABBITMQ_SH:-$ROOT/scripts/rabbitmq.sh}"
PYTHON="${OSLO_BENCH_PYTHON:-/usr/bin/python3}"
log() { echo "[bench/run.sh] $*" >&2; }

[[ -f "$RABBIT" ]] || { log "ERROR: $RABBIT not found (it starts the private RabbitMQ node)"; exit 1; }

if ! "$PYTHON" -c 'import oslo_messaging' 2>/dev/null; then
    log "python3-oslo.messaging missing: installing it from Debian"
    if [[ $(id -u) -eq 0 ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-oslo.messaging >&2 \
            || log "could not install python3-oslo.messaging: the python column will say why"
    else
        log "not root: cannot apt-get install python3-oslo.messaging; the python column will say why"
    fi
fi

log "building (Release)"
dotnet build bench/Oslo.Messaging.Benchmarks/Oslo.Messaging.Benchmarks.csproj -c Release -nologo -v q >&2
MT_DLL="$ROOT/bench/Oslo.Messaging.Benchmarks.MassTransit/bin/Release/net10.0/Oslo.Messaging.Benchmarks.MassTransit.dll"
if ! dotnet build bench/Oslo.Messaging.Benchmarks.MassTransit/Oslo.Messaging.Benchmarks.MassTransit.csproj -c Release -nologo -v q >&2; then
    log "MassTransit worker did not build: its column will say 'not available'"
    MT_DLL="$ROOT/bench/results/tmp/masstransit-did-not-build"
fi

OUT="$ROOT/bench/results"
if (( CLUSTER )); then
    CLUSTER_SH="$ROOT/scripts/rabbitmq-cluster.sh"
    export OSLO_CLUSTER_PORT="${OSLO_BENCH_CLUSTER_PORT:-5791}"
    export OSLO_CLUSTER_NODE_PREFIX="${OSLO_BENCH_CLUSTER_NODE_PREFIX:-oslobenchcl}"
    export OSLO_CLUSTER_HOME="${OSLO_BENCH_CLUSTER_HOME:-$ROOT/.rabbitmq-cluster-bench}"
    export OSLO_BENCH_QUORUM=1
    OUT="$ROOT/bench/results/cluster"
    stop_broker() { bash "$CLUSTER_SH" stop >/dev/null 2>&1 || true; }
    trap stop_broker EXIT
    trap 'exit 130' INT TERM
    log "starting the private RabbitMQ cluster (ports $OSLO_CLUSTER_PORT..+2, fresh data)"
    bash "$CLUSTER_SH" reset >/dev/null 2>&1 || true
    URL="$(bash "$CLUSTER_SH" start)"
    VERSION="$(bash "$CLUSTER_SH" ctl 1 -q version 2>/dev/null | tail -n 1 || true) x3 (quorum)"
    # Python's worker has no quorum option here: the cluster compares this library, raw RabbitMQ.Client and MassTransit.
    [[ " ${EXTRA[*]} " == *" --only "* ]] || EXTRA+=(--only oslo-rabbit,raw-oslo,masstransit)
else
stop_broker() { bash "$RABBIT" stop >/dev/null 2>&1 || true; }
trap stop_broker EXIT
trap 'exit 130' INT TERM
log "starting the private RabbitMQ node (port $OSLO_RABBIT_PORT)"
URL="$(bash "$RABBIT" start)"
VERSION="$(bash "$RABBIT" ctl -q version 2>/dev/null | tail -n 1 || true)"
fi

[[ -n "$OUT_ARG" ]] && OUT="$(mkdir -p "$OUT_ARG" && cd "$OUT_ARG" && pwd)"
mkdir -p "$OUT"

# The notification scenario (bench/README.md, "Notifications") runs with "--only notify" or when --only is not given.
ONLY="$(printf '%s\n' "${EXTRA[@]+"${EXTRA[@]}"}" | sed -n '/^--only$/{n;p}' | head -n 1)"
if [[ -z "$ONLY" || ",$ONLY," == *",notify,"* ]]; then
    dotnet "$ROOT/bench/Oslo.Messaging.Benchmarks/bin/Release/net10.0/Oslo.Messaging.Benchmarks.dll" notify "$MODE" \
        --rabbit-url "$URL" --python "$PYTHON" --out "$OUT" --command "bash bench/run.sh${*:+ $*}"
fi
[[ "$ONLY" == "notify" ]] && exit 0

dotnet "$ROOT/bench/Oslo.Messaging.Benchmarks/bin/Release/net10.0/Oslo.Messaging.Benchmarks.dll" run "$MODE" \
    --rabbit-url "$URL" \
    --rabbit-version "${VERSION:-?}" \
    --python "$PYTHON" \
    --python-script "$ROOT/bench/python/oslo_bench.py" \
    --masstransit "$MT_DLL" \
    --out "$OUT" \
    --commit "$(git rev-parse --short HEAD 2>/dev/null || echo '?')" \
    --command "bash bench/run.sh${*:+ $*}" \
    "${EXTRA[@]}"
