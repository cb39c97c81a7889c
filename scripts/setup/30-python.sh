#!/usr/bin/env bash
# Python tools the tests start (local AWS-compatible servers, the EZKL worker) live in one
# project-local virtual environment, .venv, installed from the pinned files in scripts/setup/python/.
# Re-installed only when those files change.
py_reqs=(scripts/setup/python/*.txt)
if [ -e "${py_reqs[0]}" ]; then
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    echo "zk-autograd: installing python3-venv from Debian's packages" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-pip >/dev/null
  fi
  py_stamp="$(cat "${py_reqs[@]}" | sha256sum | cut -c1-16)"
  if [ "$(cat .venv/.zk-autograd-stamp 2>/dev/null)" != "$py_stamp" ]; then
    echo "zk-autograd: installing the Python test tools into .venv" >&2
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check $(printf -- '-r %s ' "${py_reqs[@]}")
    echo "$py_stamp" > .venv/.zk-autograd-stamp
  fi
fi
