#!/usr/bin/env bash
# Test certificates for the TLS listener of the private RabbitMQ node (scripts/rabbitmq.sh) and the TLS tests.
#
# Usage: scripts/tls-certs.sh [DIR]      (default DIR: $OSLO_TLS_DIR, else <repo>/.tls, git-ignored)
#
# Writes into DIR (PEM; keys are unencrypted PKCS#8, mode 600; valid 30 days):
#   ca.pem, ca.key                 test CA "Oslo.Messaging test CA" (self-signed root)
#   server.pem, server.key         broker certificate from the CA for the RIGHT name: DNS localhost
#   wrong-host.pem, wrong-host.key broker certificate from the CA for a WRONG name only: DNS wrong-host.invalid
#   client.pem, client.key         client certificate from the CA, CN oslo-tls-client (the user of the EXTERNAL login)
#   other-ca.pem, other-ca.key     a second CA that signed nothing the broker presents (an "untrusted" ssl_ca_file)
#
# Idempotent: keeps the files while every certificate is valid for at least one more day, else makes all of them
# anew (a new CA invalidates everything it signed). Needs only `openssl` (installed from Debian when missing).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${1:-${OSLO_TLS_DIR:-$REPO_ROOT/.tls}}"
DAYS=30
CLIENT_CN=oslo-tls-client

log() { echo "[tls-certs.sh] $*" >&2; }
die() { echo "[tls-certs.sh] ERROR: $*" >&2; exit 1; }

if ! command -v openssl >/dev/null; then
    log "openssl not installed; installing it from Debian (apt-get)"
    SUDO=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || die "need root (or sudo) to apt-get install openssl"
        SUDO=(sudo)
    fi
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends openssl >&2
fi

FILES=(ca server wrong-host client other-ca)

all_valid() {
    local name
    for name in "${FILES[@]}"; do
        [[ -s "$DIR/$name.pem" && -s "$DIR/$name.key" ]] || return 1
        openssl x509 -in "$DIR/$name.pem" -noout -checkend 86400 >/dev/null 2>&1 || return 1
    done
}

if all_valid; then
    log "certificates in $DIR are valid; kept"
    exit 0
fi

mkdir -p "$DIR"
WORK="$(mktemp -d "$DIR/.new.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
umask 077

key() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/$1.key" 2>/dev/null; }

# A self-signed CA certificate: $1 = file name, $2 = common name.
make_ca() {
    key "$1"
    openssl req -x509 -new -key "$WORK/$1.key" -sha256 -days "$DAYS" -subj "/O=Oslo.Messaging tests/CN=$2" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -out "$WORK/$1.pem"
}

# A certificate signed by ca: $1 = file name, $2 = common name, $3 = extensions (openssl config lines).
make_leaf() {
    key "$1"
    openssl req -new -key "$WORK/$1.key" -subj "/O=Oslo.Messaging tests/CN=$2" -out "$WORK/$1.csr"
    printf '%s\n' "$3" >"$WORK/$1.ext"
    openssl x509 -req -in "$WORK/$1.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial -sha256 \
        -days "$DAYS" -extfile "$WORK/$1.ext" -out "$WORK/$1.pem" 2>/dev/null
}

SERVER_EXT='basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth'

make_ca ca "Oslo.Messaging test CA"
make_ca other-ca "Oslo.Messaging other test CA"
make_leaf server localhost "$SERVER_EXT
subjectAltName=DNS:localhost"
make_leaf wrong-host wrong-host.invalid "$SERVER_EXT
subjectAltName=DNS:wrong-host.invalid"
make_leaf client "$CLIENT_CN" 'basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth'

for name in server wrong-host client; do
    openssl verify -CAfile "$WORK/ca.pem" "$WORK/$name.pem" >/dev/null || die "generated $name.pem does not verify against ca.pem"
done
for name in "${FILES[@]}"; do
    mv -f "$WORK/$name.pem" "$WORK/$name.key" "$DIR/"
done
chmod 644 "$DIR"/*.pem
log "made a test CA, broker (localhost and wrong-host.invalid) and client ($CLIENT_CN) certificates in $DIR"
