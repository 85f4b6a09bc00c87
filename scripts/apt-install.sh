#!/usr/bin/env bash
# Installs Debian packages for the project's own install scripts (install-browser.sh,
# install-ocr.sh): `apt-install.sh LABEL PACKAGE...`. As root, or through sudo; a user who
# can do neither is told the command to run, and the script stops with exit code 2.
set -euo pipefail
label=$1
shift

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "$label: $* missing and this user cannot install packages;" \
             "run as root: apt-get install -y $*" >&2
        exit 2
    fi
fi

echo "$label: installing $* (Debian packages)" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
