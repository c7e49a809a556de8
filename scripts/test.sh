#!/usr/bin/env bash
# The project's single test command:  bash scripts/test.sh [extra dotnet test args]
#
# 1. installs what is missing from Debian (rabbitmq-server, python3-oslo.messaging, openssl)
# 2. makes test certificates (scripts/tls-certs.sh, into the git-ignored .tls/) and starts a private RabbitMQ
#    node (scripts/rabbitmq.sh; fresh data each run) with a plain and a TLS listener
# 3. runs `dotnet test Oslo.Messaging.slnx -c Release "$@"` (all but the broker-fault and cluster tests, then the
#    broker-fault tests alone, then the cluster tests against a private three-node cluster, see step 5) with
#      OSLO_TEST_RABBIT_URL    rabbit://guest:guest@127.0.0.1:<port>/
#      OSLO_TEST_RABBIT_CTL    absolute path of scripts/rabbitmq.sh (executable):
#                              "$OSLO_TEST_RABBIT_CTL" stop_app|start_app|restart|status|ctl ...
#      OSLO_TEST_PYTHON        /usr/bin/python3 (Debian's, with oslo.messaging 14.0.3)
#      OSLO_TEST_INTEROP_DIR   absolute path of tests/interop/python
#      OSLO_TEST_RABBIT_TLS_URL rabbit://guest:guest@localhost:<tls port>/ (the TLS listener, no query)
#      OSLO_TEST_TLS_DIR       the certificates (ca.pem, other-ca.pem, client.pem/.key ...; see scripts/tls-certs.sh)
#      OSLO_TEST_OSLO18_PATH   oslo.messaging 18.1.0 tree for PYTHONPATH, when shared/oslo.messaging-18.1.0 is
#                              found next to the repository or a parent folder (else its tests are skipped)
#      OSLO_RABBIT_PORT, OSLO_RABBIT_HOME, OSLO_RABBIT_TLS_PORT, OSLO_RABBIT_TLS_DIR
#                              (so OSLO_TEST_RABBIT_CTL targets the same node, TLS listener included)
# 4. publishes the native (Native AOT) oslomsg and runs `demo` and a serve/call/ping round trip against the node with
#    it (scripts/native-check.sh; skipped with OSLO_TEST_NATIVE=0; the native publish takes minutes on 2 cores)
# 5. cluster pass: stops the single node, starts scripts/rabbitmq-cluster.sh (fresh data; AMQP ports
#    OSLO_CLUSTER_PORT..+2, default 5681-5683) and runs the Category=Cluster tests with
#      OSLO_TEST_CLUSTER_URL   the three-host rabbit:// URL,  OSLO_TEST_CLUSTER_CTL  scripts/rabbitmq-cluster.sh
#    OSLO_TEST_FULL=1 runs their long variants (>= 20,000 casts, two node kills). OSLO_TEST_CLUSTER=0 skips the pass.
# 6. always stops the node (and the cluster) on exit (success, failure, Ctrl-C, TERM) and exits
#    with dotnet test's exit code.
#
# Env: OSLO_RABBIT_PORT (default 5699), OSLO_RABBIT_TLS_PORT (default OSLO_RABBIT_PORT + 40000),
# OSLO_RABBIT_TLS_DIR (default <repo>/.tls) and the other OSLO_RABBIT_* knobs of scripts/rabbitmq.sh.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

PYTHON=/usr/bin/python3
RABBIT_SH="$REPO_ROOT/scripts/rabbitmq.sh"
CLUSTER_SH="$REPO_ROOT/scripts/rabbitmq-cluster.sh"
export OSLO_CLUSTER_HOME="${OSLO_CLUSTER_HOME:-$REPO_ROOT/.rabbitmq-cluster}"
export OSLO_RABBIT_PORT="${OSLO_RABBIT_PORT:-5699}"
export OSLO_RABBIT_HOME="${OSLO_RABBIT_HOME:-$REPO_ROOT/.rabbitmq}"
export OSLO_RABBIT_TLS_PORT="${OSLO_RABBIT_TLS_PORT:-$((OSLO_RABBIT_PORT + 40000))}"
export OSLO_RABBIT_TLS_DIR="${OSLO_RABBIT_TLS_DIR:-$REPO_ROOT/.tls}"

section() { printf '\n==================== %s ====================\n' "$*"; }

# ---------------------------------------------------------------- prerequisites
section "Prerequisites"
missing=()
if [[ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]]; then
    missing+=(rabbitmq-server)
fi
if ! "$PYTHON" -c 'import oslo_messaging' >/dev/null 2>&1; then
    missing+=(python3-oslo.messaging)
fi
if ! command -v openssl >/dev/null; then
    missing+=(openssl)
fi
# Native AOT links with clang against zlib (docs/typed-contracts.md, "Native AOT").
if [[ "${OSLO_TEST_NATIVE:-1}" != 0 ]]; then
    command -v clang >/dev/null || missing+=(clang)
    [[ -f /usr/include/zlib.h ]] || missing+=(zlib1g-dev)
fi
if (( ${#missing[@]} > 0 )); then
    echo "installing from Debian: ${missing[*]}"
    SUDO=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || { echo "ERROR: need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
        SUDO=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get update -q
    # rabbitmq-server's postinst may start the system broker (rabbit@host on
    # 5672/epmd 4369); it does not clash with our private node.
    "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
command -v dotnet >/dev/null || { echo "ERROR: dotnet SDK not found on PATH" >&2; exit 1; }
echo "dotnet $(dotnet --version)"
echo "$("$PYTHON" --version), oslo.messaging $("$PYTHON" -c 'import importlib.metadata as m; print(m.version("oslo.messaging"))')"
echo "rabbitmq-server $(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null || echo '?')"
echo "$(openssl version)"

# The newest oslo.messaging is a source tree, not a Debian package: use it where this workplace keeps it.
OSLO_TEST_OSLO18_PATH="${OSLO_TEST_OSLO18_PATH:-}"
if [[ -z "$OSLO_TEST_OSLO18_PATH" ]]; then
    dir="$REPO_ROOT"
    while [[ "$dir" != / ]]; do
        dir="$(dirname "$dir")"
        if [[ -f "$dir/shared/oslo.messaging-18.1.0/oslo_messaging/__init__.py" ]]; then
            OSLO_TEST_OSLO18_PATH="$dir/shared/oslo.messaging-18.1.0"
            break
        fi
    done
fi
export OSLO_TEST_OSLO18_PATH
echo "oslo.messaging 18.1.0 tree: ${OSLO_TEST_OSLO18_PATH:-not found (its interop tests are skipped)}"

section "TLS certificates ($OSLO_RABBIT_TLS_DIR)"
bash "$REPO_ROOT/scripts/tls-certs.sh" "$OSLO_RABBIT_TLS_DIR"

# ---------------------------------------------------------------- broker
started_broker=0
started_cluster=0
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if (( started_broker )); then
        section "Stopping RabbitMQ"
        bash "$RABBIT_SH" stop || true
    fi
    if (( started_cluster )); then
        section "Stopping the RabbitMQ cluster"
        bash "$CLUSTER_SH" stop || true
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

section "Starting private RabbitMQ (port $OSLO_RABBIT_PORT, TLS port $OSLO_RABBIT_TLS_PORT)"
started_broker=1
# A node left over by a killed run is stopped; every run starts on fresh data.
bash "$RABBIT_SH" stop
bash "$RABBIT_SH" reset
OSLO_TEST_RABBIT_URL="$(bash "$RABBIT_SH" start)"
export OSLO_TEST_RABBIT_URL
export OSLO_TEST_RABBIT_CTL="$RABBIT_SH"
export OSLO_TEST_PYTHON="$PYTHON"
export OSLO_TEST_INTEROP_DIR="$REPO_ROOT/tests/interop/python"
OSLO_TEST_RABBIT_TLS_URL="$(bash "$RABBIT_SH" tls_url)"
export OSLO_TEST_RABBIT_TLS_URL
export OSLO_TEST_TLS_DIR="$OSLO_RABBIT_TLS_DIR"
echo "OSLO_TEST_RABBIT_URL=$OSLO_TEST_RABBIT_URL"
echo "OSLO_TEST_RABBIT_CTL=$OSLO_TEST_RABBIT_CTL"
echo "OSLO_TEST_PYTHON=$OSLO_TEST_PYTHON"
echo "OSLO_TEST_INTEROP_DIR=$OSLO_TEST_INTEROP_DIR"
echo "OSLO_TEST_RABBIT_TLS_URL=$OSLO_TEST_RABBIT_TLS_URL"
echo "OSLO_TEST_TLS_DIR=$OSLO_TEST_TLS_DIR"
echo "OSLO_TEST_OSLO18_PATH=$OSLO_TEST_OSLO18_PATH"

# ---------------------------------------------------------------- tests
# Two passes: test projects run in parallel, and the broker-fault tests stop and restart the shared node, so they
# run alone, after everything else, never beside the interop or conformance tests.
section "dotnet test Oslo.Messaging.slnx -c Release --filter Category!=BrokerFaults&Category!=Cluster${*:+ $*}"
test_rc=0
dotnet test Oslo.Messaging.slnx -c Release --filter "Category!=BrokerFaults&Category!=Cluster" "$@" || test_rc=$?

section "dotnet test tests/Oslo.Messaging.RabbitMq.Tests -c Release --filter Category=BrokerFaults${*:+ $*}"
faults_rc=0
dotnet test tests/Oslo.Messaging.RabbitMq.Tests -c Release --no-build --filter "Category=BrokerFaults" "$@" || faults_rc=$?

native_rc=0
if [[ "${OSLO_TEST_NATIVE:-1}" != 0 ]]; then
    bash "$REPO_ROOT/scripts/native-check.sh" "$OSLO_TEST_RABBIT_URL" || native_rc=$?
fi

# The cluster pass: three more broker VMs on a 2-core machine, so the single node goes first.
cluster_rc=0
if [[ "${OSLO_TEST_CLUSTER:-1}" != 0 ]]; then
    section "Starting the private RabbitMQ cluster (ports ${OSLO_CLUSTER_PORT:-5681}..+2)"
    bash "$RABBIT_SH" stop
    started_broker=0
    started_cluster=1
    bash "$CLUSTER_SH" reset
    OSLO_TEST_CLUSTER_URL="$(bash "$CLUSTER_SH" start)"
    export OSLO_TEST_CLUSTER_URL
    export OSLO_TEST_CLUSTER_CTL="$CLUSTER_SH"
    echo "OSLO_TEST_CLUSTER_URL=$OSLO_TEST_CLUSTER_URL"
    section "dotnet test tests/Oslo.Messaging.RabbitMq.Tests -c Release --filter Category=Cluster${*:+ $*}"
    dotnet test tests/Oslo.Messaging.RabbitMq.Tests -c Release --no-build --filter "Category=Cluster" "$@" || cluster_rc=$?
fi

section "exit codes: $test_rc (main pass), $faults_rc (broker faults), $native_rc (native oslomsg), $cluster_rc (cluster)"
if (( test_rc != 0 )); then exit "$test_rc"; fi
if (( faults_rc != 0 )); then exit "$faults_rc"; fi
if (( native_rc != 0 )); then exit "$native_rc"; fi
exit "$cluster_rc"
