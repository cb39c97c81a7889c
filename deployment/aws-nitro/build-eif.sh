#!/usr/bin/env bash
# On the parent instance (Nitro CLI installed): the enclave image file and its measurements.
#   build-eif.sh IMAGE:TAG [SIGNING_CERT.pem SIGNING_KEY.pem]
# Writes prover.eif and pcrs.json (nitro-cli's JSON: {"Measurements": {"HashAlgorithm", "PCR0", "PCR1", "PCR2"[, "PCR8"]}}),
# and prints the --pcr options for zk-autograd verify.
set -euo pipefail
ref="${1:?usage: build-eif.sh IMAGE:TAG [SIGNING_CERT.pem SIGNING_KEY.pem]}"
sign=()
[ $# -ge 3 ] && sign=(--signing-certificate "$2" --private-key "$3")
nitro-cli build-enclave --docker-uri "$ref" --output-file prover.eif "${sign[@]}" > pcrs.json
jq -r '.Measurements | to_entries[] | select(.key | startswith("PCR")) | "--pcr \(.key | ltrimstr("PCR"))=\(.value)"' pcrs.json
