#!/usr/bin/env bash
# Hands the enclave the instance role's temporary credentials and the sealed step-signing seed
# (usage: send-credentials.sh CID PORT [SEALED_SEED_FILE]). IMDSv2: a session token first, then the
# role's credentials. Retries until the enclave listens.
set -euo pipefail
cid="${1:?enclave CID}"; port="${2:?vsock port}"; sealed="${3:-/opt/zk-autograd/sealed-seed.bin}"
imds=169.254.169.254
token="$(curl -sf -X PUT "http://$imds/latest/api/token" -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')"
role="$(curl -sf -H "X-aws-ec2-metadata-token: $token" "http://$imds/latest/meta-data/iam/security-credentials/")"
creds="$(curl -sf -H "X-aws-ec2-metadata-token: $token" "http://$imds/latest/meta-data/iam/security-credentials/$role")"
creds="$(printf '%s' "$creds" | jq -c --arg seed "$(base64 -w0 "$sealed")" '{AccessKeyId, SecretAccessKey, Token, SealedSeed: $seed}')"
for _ in $(seq 1 60); do
  if printf '%s' "$creds" | socat -u STDIN VSOCK-CONNECT:"$cid":"$port" 2>/dev/null; then exit 0; fi
  sleep 1
done
echo "send-credentials: the enclave did not listen on vsock $cid:$port within 60 s" >&2
exit 1
