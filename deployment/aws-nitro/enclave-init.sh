#!/usr/bin/env bash
# PID 1 of the enclave: wires vsock to loopback, takes the instance role's temporary credentials
# from the parent, then runs the prover service, which attests itself (NSM), checks its own document
# against the AWS Nitro root and asks KMS for its step-signing key (README.md, "vsock wiring").
set -euo pipefail
source /opt/zk-autograd/enclave.env
if [ -z "${KMS_KEY_ARN:-}" ]; then
  echo "enclave-init: this image was built without --build-arg KMS_KEY_ARN (a reference build): no key to ask for" >&2
  exit 2
fi

# An enclave has only a loopback interface, down at boot.
ip addr add 127.0.0.1/8 dev lo 2>/dev/null || true
ip link set dev lo up

# KMS through the parent's vsock-proxy: resolve KMS's name to loopback so TLS checks the real host name.
kms_host="kms.${AWS_REGION}.amazonaws.com"
echo "127.0.0.1 ${kms_host}" >> /etc/hosts
socat TCP-LISTEN:443,bind=127.0.0.1,fork,reuseaddr VSOCK-CONNECT:3:"${KMS_PROXY_PORT}" &

# Trainers reach the service through vsock (the parent's bridge connects to this CID and port).
socat VSOCK-LISTEN:"${PROVER_PORT}",fork,reuseaddr TCP:127.0.0.1:"${PROVER_PORT}" &

# From the parent, one JSON document {AccessKeyId, SecretAccessKey, Token, SealedSeed}: the instance
# role's temporary credentials (they only let the enclave call Decrypt; the key policy still demands
# this image's attestation) and the seed's ciphertext from GenerateDataKeyWithoutPlaintext (nobody
# outside an enclave of this image ever sees its plaintext, so handing it over the parent is safe).
creds="$(socat -u VSOCK-LISTEN:"${CREDENTIALS_PORT}" STDOUT)"
field() { printf '%s' "$creds" | tr -d '\n' | sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p"; }
export AWS_ACCESS_KEY_ID="$(field AccessKeyId)" AWS_SECRET_ACCESS_KEY="$(field SecretAccessKey)" AWS_SESSION_TOKEN="$(field Token)"
mkdir -p /tmp/prover
field SealedSeed | base64 -d > /tmp/prover/sealed-seed.bin

pcr_policy=()
[ -n "${EXPECT_PCR8}" ] && pcr_policy=(--pcr "8=${EXPECT_PCR8}")
exec zk-autograd prover-service --bind 127.0.0.1 --port "${PROVER_PORT}" --state-dir /tmp/prover \
  --attestor nsm --trust-root /opt/zk-autograd/aws-nitro-enclaves-root-g1.pem "${pcr_policy[@]}" \
  --key-release aws-kms --kms-key-id "${KMS_KEY_ARN}" --kms-sealed-seed /tmp/prover/sealed-seed.bin \
  --kms-region "${AWS_REGION}"
