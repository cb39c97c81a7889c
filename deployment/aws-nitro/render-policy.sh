#!/usr/bin/env bash
# Fills a policy template of this folder with the enclave's measurements and your account's names:
#   render-policy.sh kms-key-policy.json pcrs.json > key-policy.json
# pcrs.json is what build-eif.sh wrote (nitro-cli build-enclave's "Measurements"); the other values
# come from the environment: ACCOUNT_ID, REGION, OPERATOR_ROLE_ARN, INSTANCE_ROLE_ARN, KMS_KEY_ARN.
# Refuses to print a policy with a placeholder left, so no half-filled policy reaches KMS.
set -euo pipefail
template="${1:?template}"; pcrs="${2:?pcrs.json from build-eif.sh}"
for i in 0 1 2 8; do
  v="$(jq -r --arg k "PCR$i" '.Measurements[$k] // empty' "$pcrs")"
  [ -n "$v" ] && export "PCR$i=$v"
done
out="$(envsubst < "$template")"
if grep -q '\${' <<<"$out"; then
  echo "render-policy: unfilled placeholders: $(grep -o '\${[A-Z0-9_]*}' <<<"$out" | sort -u | tr '\n' ' ')" >&2
  exit 2
fi
printf '%s\n' "$out" | jq .
