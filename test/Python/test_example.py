# RUN: %edge_python -m pytest -q -p no:cacheprovider %s
"""examples/derive_1pass.py runs and checks itself."""

import os
import subprocess
import sys

from conftest import SOURCE_ROOT


def test_derive_1pass_example():
    script = os.path.join(SOURCE_ROOT, "examples", "derive_1pass.py")
    result = subprocess.run([sys.executable, script], capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passes over m: 3 -> 1" in result.stdout
    assert "1-pass vs numpy: OK" in result.stdout
