#!/usr/bin/env bash
# Installs what OCR of scanned records needs (issue 15): Debian's tesseract-ocr with its
# English and orientation data, Ghostscript and unpaper (for `openimr ocr`, through
# OCRmyPDF). Idempotent and quiet when they are already there. openimr runs without them:
# scanned pages are then named as not read, with a warning.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }
if have tesseract && have gs && have unpaper \
        && tesseract --list-langs 2>/dev/null | grep -qx eng \
        && tesseract --list-langs 2>/dev/null | grep -qx osd; then
    exit 0
fi
bash "$(dirname "$0")/apt-install.sh" install-ocr \
    tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd ghostscript unpaper
tesseract --version 2>&1 | head -1 >&2
