#!/usr/bin/env bash
# Make sure Debian's headless-capable Chromium is installed (the report's browser test and
# `make screenshots` drive it). Quick no-op when it is there; installs it with apt-get when
# it is missing and we are root (CI runs as root on a fresh machine); otherwise says how.
set -euo pipefail
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if [ "$(id -u)" != "0" ]; then
    echo "ensure_chromium: $CHROMIUM is missing; install it with: sudo apt-get install -y chromium" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# another apt-get may hold the lock (several checkouts on one machine): wait for it
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
test -x "$CHROMIUM"
