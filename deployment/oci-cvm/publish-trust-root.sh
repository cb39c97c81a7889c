#!/usr/bin/env bash
# Waits for the prover's attestation root certificate and copies it (the certificate only, never
# the key beside it) to a world-readable place: publish-trust-root.sh SOURCE TARGET
set -euo pipefail
src="${1:?source}"; dst="${2:?target}"
for _ in $(seq 1 120); do
  if [ -f "$src" ]; then install -m 0644 "$src" "$dst"; exit 0; fi
  sleep 1
done
echo "publish-trust-root: $src did not appear within 120 s" >&2
exit 1
