#!/usr/bin/env bash
# Installs what the build needs on a fresh Debian machine: a JDK (17 or newer) and Maven.
# Sourced by ./zk-autograd and scripts/test.sh; a no-op where both are present.
set -euo pipefail

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
if ((${#need_apt[@]})); then
  echo "zk-autograd: installing ${need_apt[*]} from Debian's packages" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
