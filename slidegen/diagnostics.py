"""Warnings and errors that a person can act on: each names a file and, when known, a line."""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path
from typing import Any

from slidegen.records import record

MAX_SHOWN = 80  # characters of a value a message echoes back
MAX_MESSAGE = 600  # characters of any one message, whatever it quotes


@record(frozen=True)
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
        self.diagnostic = Diagnostic(str(file), line, _capped(message))
        super().__init__(str(self.diagnostic))


@record
class Diagnostics:
    """Collects the warnings of one note as it moves through the stages."""

    file: str
    items: list[Diagnostic] = field(default_factory=list)

    def warn(self, line: int | None, message: str) -> None:
        self.items.append(Diagnostic(self.file, line, _capped(message)))

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)


def shown(value: Any) -> str:
    """`repr(value)` cut to about 80 characters: a message never echoes a whole file back.

    reprlib stops early, so even a value that stands for gigabytes costs nothing to show.
    """
    import reprlib

    limits = reprlib.Repr()
    limits.maxlevel, limits.maxlist, limits.maxdict = 3, 8, 8
    limits.maxstring = limits.maxother = limits.maxlong = MAX_SHOWN
    text = limits.repr(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 3] + "..."


def _capped(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[:MAX_MESSAGE - 3] + "..."


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice a typo most likely meant, for "did you mean" hints (difflib loads only then)."""
    import difflib

    if len(word) > MAX_SHOWN:  # not a typo; and difflib is quadratic in the length
        return None
    found = difflib.get_close_matches(word, list(choices), n=1)
    return found[0] if found else None


class ReportedBug(Exception):
    """A bug caught in another process, described there, where its traceback is."""


def describe_bug(exc: BaseException) -> str:
    """A bug in slidegen in one line, naming where it happened."""
    if isinstance(exc, ReportedBug):
        return str(exc)
    if missing := _missing_package(exc):
        return missing
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"internal error {type(exc).__name__}{where}{': ' + text if text else ''}"


def internal_error(exc: BaseException) -> str:
    """The one message for a bug in slidegen: where it happened, and a request to report it."""
    return _missing_package(exc) or f"{describe_bug(exc)}; please report it"


def _missing_package(exc: BaseException) -> str | None:
    """A package slidegen depends on that is not installed: no bug, an environment made before
    the dependency was added (an editable install updated with git, not pip)."""
    if not isinstance(exc, ModuleNotFoundError) or not exc.name:
        return None
    package = exc.name.split(".")[0]
    if package == "slidegen":
        return None
    return (f"the package '{package}' slidegen needs is not installed: install slidegen "
            "again (pip install . in its folder) to bring in its dependencies")
