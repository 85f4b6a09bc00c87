#!/usr/bin/env bash
# Re-resolve every dependency of openimr (with the dev extras) in a throw-away venv and pin
# the result in constraints.txt, which `make` installs against. Run it (`make lock`) after
# changing pyproject.toml's dependencies, review the diff, and commit constraints.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(bash scripts/find-python.sh)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q --upgrade pip
"$tmp/venv/bin/pip" install -q -e '.[dev]'
{
  echo "# Pinned versions of every package openimr installs (make lock regenerates it)."
  echo "# Python $("$tmp/venv/bin/python" -c 'import platform; print(platform.python_version())'), $(date -u +%Y-%m-%d)."
  "$tmp/venv/bin/pip" freeze --exclude-editable | grep -v '^-e ' | LC_ALL=C sort -f
} > constraints.txt
echo "constraints.txt: $(grep -vc '^#' constraints.txt) packages pinned"
