#!/usr/bin/env bash
# Publishes oslomsg with Native AOT and checks the native binary:  bash scripts/native-check.sh RABBIT_URL
# 1. dotnet publish src/Oslo.Messaging.Cli -r linux-x64 (PublishAot; needs clang and zlib1g-dev, which
#    scripts/test.sh installs) into .native/, printing how long it took and the binary's size
# 2. `oslomsg demo` (every step must pass)
# 3. `oslomsg serve --ping` on RABBIT_URL, then `oslomsg call ... echo` and `oslomsg ping` against it, all native;
#    the server is stopped by its pid with SIGTERM (it drains and exits 0, as on Ctrl-C) whatever happens. Not SIGINT:
#    a background job of a non-interactive shell starts with SIGINT ignored (POSIX), .NET keeps an inherited SIG_IGN,
#    and so `kill -INT` never stopped the server when this script itself ran in the background (CI hung here).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
URL="${1:?usage: native-check.sh RABBIT_URL}"
OUT="$REPO_ROOT/.native"
RID="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"

section() { printf '\n==================== %s ====================\n' "$*"; }

section "Native AOT publish: dotnet publish src/Oslo.Messaging.Cli -c Release -r $RID -o .native"
started=$(date +%s)
dotnet publish "$REPO_ROOT/src/Oslo.Messaging.Cli" -c Release -r "$RID" -o "$OUT" -v quiet -nologo
echo "published in $(( $(date +%s) - started )) s; $OUT/oslomsg is $(stat -c %s "$OUT/oslomsg") bytes"
BIN="$OUT/oslomsg"

section "native oslomsg demo"
"$BIN" demo

section "native oslomsg serve + call + ping against $URL"
log="$(mktemp)"
"$BIN" serve --url "$URL" --topic native-check --server n1 --ping >"$log" 2>&1 &
server_pid=$!
stop_server() { kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -f "$log"; }
trap stop_server EXIT
for _ in $(seq 1 100); do
    grep -q '^READY$' "$log" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$log"; echo "serve exited early" >&2; exit 1; }
    sleep 0.1
done
grep -q '^READY$' "$log" || { cat "$log"; echo "serve did not print READY within 10 s" >&2; exit 1; }
reply="$("$BIN" call --url "$URL" --topic native-check --timeout 10 echo payload='{"hello":"world","n":[1,2]}')"
echo "call echo -> $reply"
[[ "$reply" == '{"hello":"world","n":[1,2]}' ]] || { echo "unexpected echo reply: $reply" >&2; exit 1; }
pong="$("$BIN" ping --url "$URL" --topic native-check --timeout 10)"
echo "ping -> $pong"
[[ "$pong" == pong ]] || { echo "unexpected ping reply: $pong" >&2; exit 1; }
echo "native oslomsg: demo, serve, call and ping passed"
