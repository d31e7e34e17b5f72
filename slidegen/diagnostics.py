"""Warnings and errors that a person can act on: each names a file and, when known, a line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in an input, pointing at where it is."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class SlidegenError(Exception):
    """An input problem that stops one deck; printed as a single line, never a traceback."""

    def __init__(self, file: str | Path, line: int | None, message: str) -> None:
        self.diagnostic = Diagnostic(str(file), line, message)
        super().__init__(str(self.diagnostic))


@dataclass
class Diagnostics:
    """Collects the warnings of one note as it moves through the stages."""

    file: str
    items: list[Diagnostic] = field(default_factory=list)

    def warn(self, line: int | None, message: str) -> None:
        self.items.append(Diagnostic(self.file, line, message))

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)
