#!/usr/bin/env bash
# Installs the headless browser the web tests and `make screenshots` drive: Debian's chromium
# and chromium-driver. Idempotent and quiet when both are already there.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    exit 0
fi
bash "$(dirname "$0")/apt-install.sh" install-browser chromium chromium-driver
/usr/bin/chromium --version >&2
