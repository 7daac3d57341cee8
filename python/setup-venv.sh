#!/bin/sh
# Creates the Python virtual environment at $1 that builds and tests the
# `edge` Python package: nanobind (the bindings), numpy and pytest from PyPI.
# CMake runs it at configure time (python/CMakeLists.txt); its python is the
# interpreter whose ABI the bindings are built for and that runs the tests.
# Does nothing when the environment is complete. Exits non-zero when the
# packages cannot be installed (e.g. offline): CMake then skips the package
# and lit marks the Python tests UNSUPPORTED.
set -e
venv="$1"
python="${2:-python3}"
if [ -z "$venv" ]; then
  echo "usage: $0 <venv-dir> [python]" >&2
  exit 2
fi
check='import nanobind, numpy, pytest'
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "$check" 2>/dev/null; then
  exit 0
fi
"$python" -m venv "$venv"
# Fail fast when offline: no retries, a short timeout.
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet \
  --retries 0 --timeout 20 nanobind numpy pytest
"$venv/bin/python" -c "$check"
