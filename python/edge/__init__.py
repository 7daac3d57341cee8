"""edge: EDGE extended-einsum cascades from Python (docs/Python.md).

Parse a module, run edge's pass pipelines on it, read its cost analysis,
compile a cascade and call it on numpy arrays, and run the reference
interpreter on the same arrays:

    import edge, numpy as np
    m = edge.parse_file("examples/attention-3pass.mlir")
    m.run_pipeline("fusemax-1pass")
    attention = m.compile("attention")
    (out,) = attention(q, k, v)          # float32 arrays
    (ref,) = m.interpret(q, k, v)        # float64, the reference
"""

import os

from ._edge import CompiledCascade, Context, Module, version
from ._errors import Diagnostic, EdgeError

__all__ = ["CompiledCascade", "Context", "Diagnostic", "EdgeError", "Module",
           "default_context", "parse", "parse_file", "version"]
__version__ = version()

_default_context = None


def default_context() -> Context:
    """The context that parse and parse_file use when given none."""
    global _default_context
    if _default_context is None:
        _default_context = Context()
    return _default_context


def parse(text: str, filename: str = "<string>", context: Context = None) -> Module:
    """Parses `text`; its locations (and errors) name `filename`."""
    return Module.parse(context or default_context(), text, filename)


def parse_file(path, context: Context = None) -> Module:
    """Parses the file at `path` (OSError when it cannot be read)."""
    path = os.fspath(path)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return parse(text, filename=path, context=context)
