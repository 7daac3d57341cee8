# RUN: %edge_python -m pytest -q -p no:cacheprovider %s
"""The ```python blocks of docs/Python.md and README.md run as written
(from the source root, as the docs assume)."""

import os
import re

import pytest
from conftest import SOURCE_ROOT


def python_blocks(name):
    text = open(os.path.join(SOURCE_ROOT, name), encoding="utf-8").read()
    return re.findall(r"```python\n(.*?)```", text, re.S)


@pytest.mark.parametrize("name", ["docs/Python.md", "README.md"])
def test_python_blocks_run(name, monkeypatch):
    blocks = python_blocks(name)
    assert blocks, "no python block in " + name
    monkeypatch.chdir(SOURCE_ROOT)
    for block in blocks:
        exec(compile(block, name, "exec"), {})
