#!/bin/sh
# Creates a Python virtual environment at $1 with the `egglog` package from
# PyPI, for the egglog cross-check (test/Egglog/crosscheck.mlir,
# bench/egglog/crosscheck.py). Does nothing when it is there already.
# Exits non-zero when the package cannot be installed (e.g. offline); lit
# then marks the cross-check UNSUPPORTED (test/lit.cfg.py).
set -e
venv="$1"
if [ -z "$venv" ]; then
  echo "usage: $0 <venv-dir>" >&2
  exit 2
fi
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import egglog.bindings" 2>/dev/null; then
  exit 0
fi
python3 -m venv "$venv"
# Fail fast when offline: no retries, a short timeout.
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet \
  --retries 0 --timeout 20 egglog
"$venv/bin/python" -c "import egglog.bindings"
