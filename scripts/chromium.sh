#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (tests/web) when it is missing. Playwright
# drives this browser: its own `playwright install` download is not used. Needs root (CI).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
/usr/bin/chromium --version
