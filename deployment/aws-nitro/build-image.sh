#!/usr/bin/env bash
# Builds the prover's enclave image from the CLI distribution (run scripts/dist.sh first), reproducibly:
#   build-image.sh [--push] [--kms-key-arn ARN] IMAGE:TAG
# Writes dist/prover-enclave.digest (sha256:...). Without --push the image is loaded into the local
# Docker engine, which is what nitro-cli build-enclave reads (build-eif.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
push=false; arn=""
while [ $# -gt 1 ]; do
  case "$1" in
    --push) push=true; shift ;;
    --kms-key-arn) arn="$2"; shift 2 ;;
    *) echo "build-image: unknown option $1" >&2; exit 2 ;;
  esac
done
ref="${1:?usage: build-image.sh [--push] [--kms-key-arn ARN] IMAGE:TAG}"
[ -d dist/zk-autograd ] || { echo "build-image: dist/zk-autograd is missing: run scripts/dist.sh first" >&2; exit 2; }
: "${SOURCE_DATE_EPOCH:=$(git log -1 --format=%ct)}"
export SOURCE_DATE_EPOCH
if $push; then output="type=image,name=$ref,push=true,rewrite-timestamp=true"; else output="type=docker,name=$ref,rewrite-timestamp=true"; fi
docker buildx build --file deployment/aws-nitro/Dockerfile --provenance=false \
  --build-arg SOURCE_DATE_EPOCH="$SOURCE_DATE_EPOCH" --build-arg KMS_KEY_ARN="$arn" \
  --output "$output" --metadata-file dist/prover-enclave.metadata.json .
jq -r '."containerimage.digest"' dist/prover-enclave.metadata.json > dist/prover-enclave.digest
echo "build-image: $ref $(cat dist/prover-enclave.digest)"
