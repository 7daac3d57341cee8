"""The exception that edge raises when an operation fails: it carries the
located diagnostics (errors, warnings and their notes) that MLIR reported."""

from typing import List, NamedTuple, Optional


class Diagnostic(NamedTuple):
    severity: str  # "error", "warning", "note" or "remark"
    message: str
    file: Optional[str]  # None when the location names no file position
    line: int
    column: int
    other_location: str = ""  # the printed location when file is None

    @property
    def location(self) -> str:
        """`file:line:col`, as a compiler prints it."""
        if self.file is None:
            return self.other_location
        return f"{self.file}:{self.line}:{self.column}"

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"


class EdgeError(Exception):
    """A parse, pipeline, analysis, compile or interpreter failure."""

    def __init__(self, diagnostics: List[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @property
    def errors(self) -> List[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]
