#!/usr/bin/env bash
# Prints the path of a working Python 3.12: python3.12 on PATH when it runs, else a pyenv or system install.
for candidate in "$(command -v python3.12 2>/dev/null)" /root/.pyenv/versions/3.12*/bin/python3.12 "$HOME"/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -V >/dev/null 2>&1; then
    echo "$candidate"; exit 0
  fi
done
exit 1
