#!/usr/bin/env bash
# Installs the headless browser the web tests and `make screenshots` drive: Debian's chromium
# and chromium-driver. Idempotent and quiet when both are already there.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-browser: chromium is missing and this user cannot install packages;" \
             "run as root: apt-get install -y chromium chromium-driver" >&2
        exit 2
    fi
fi

echo "install-browser: installing chromium and chromium-driver (Debian packages)" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
/usr/bin/chromium --version >&2
