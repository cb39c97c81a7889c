#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright for Java; Playwright's own browser
# download is switched off (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD), so the browser comes from Debian.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if ! command -v chromium >/dev/null 2>&1; then
  echo "zk-autograd: installing chromium from Debian's packages (browser tests)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
