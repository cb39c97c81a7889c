#!/usr/bin/env bash
# The test command of the README: installs what the tests need, then runs every module's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
# Each part of the product that needs more than a JDK and Maven for its tests (a browser, an EVM
# node, a Python environment) installs it from one file here; each file is a no-op when present.
for setup in scripts/setup/*.sh; do
  [ -e "$setup" ] || continue
  source "$setup"
done
exec mvn -B -ntp verify "$@"
