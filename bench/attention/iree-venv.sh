#!/usr/bin/env bash
# Creates (once) a virtual environment with IREE from PyPI for
# bench/attention/frameworks.py and prints its python; prints nothing (and
# explains on stderr) when that is not possible. Usage: iree-venv.sh DIR
set -uo pipefail
dir=$1
if [[ ! -x $dir/bin/python ]] || ! "$dir/bin/python" -c "import iree.compiler, iree.runtime, numpy" 2>/dev/null; then
  python=$(command -v python3)
  if ! "$python" -m venv "$dir" >&2; then
    echo "iree-venv.sh: cannot create a venv with $python" >&2
    exit 0
  fi
  if ! "$dir/bin/pip" install -q iree-base-compiler iree-base-runtime numpy >&2; then
    echo "iree-venv.sh: pip install of iree-base-compiler/iree-base-runtime failed" >&2
    exit 0
  fi
fi
echo "$dir/bin/python"
