#!/usr/bin/env bash
# The contracts' tools from the npm registry (contracts/package.json, pinned by package-lock.json):
# solc 0.8.37 (solcjs, compiles offline) and Hardhat 2.29.1, whose node is the local EVM the tests and
# `demo --anchor evm` start. Re-installed only when the lock file changes.
if [ -f contracts/package-lock.json ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "zk-autograd: installing nodejs and npm from Debian's packages" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  npm_stamp="$(sha256sum contracts/package-lock.json | cut -c1-16)"
  if [ "$(cat contracts/node_modules/.zk-autograd-stamp 2>/dev/null)" != "$npm_stamp" ]; then
    echo "zk-autograd: installing the contracts' npm tools (solc, hardhat) into contracts/node_modules" >&2
    (cd contracts && npm ci --no-audit --no-fund --loglevel=error)
    echo "$npm_stamp" > contracts/node_modules/.zk-autograd-stamp
  fi
fi
