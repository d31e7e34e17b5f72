"""The PDF stage's one error."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class ExportError(Exception):
    """The PDF step failed; the message is one line saying what failed and what to do.

    ``converted`` lists the PDFs that were written before the failure (the CLI can still
    report them), so a failure for one deck does not hide the others' output.
    """

    def __init__(self, message: str, converted: Sequence[Path] = ()) -> None:
        super().__init__(message)
        self.converted: list[Path] = list(converted)
