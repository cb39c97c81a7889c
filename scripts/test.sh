#!/usr/bin/env bash
# The test command of the README: installs what the tests need, then runs every module's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
exec mvn -B -ntp verify "$@"
