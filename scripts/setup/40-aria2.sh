#!/usr/bin/env bash
# The torrent tests download a run from the companion as a BEP 19 web seed with Debian's aria2
# (bt, the BitTorrent library, has no web-seed support).
if ! command -v aria2c >/dev/null 2>&1; then
  echo "zk-autograd: installing aria2 from Debian's packages (web-seed download tests)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq aria2 >/dev/null
fi
