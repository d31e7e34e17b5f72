"""What people see while slidegen works: progress, one line per deck, warnings, a summary.

On a terminal it uses colour, a progress bar and a closing table; elsewhere (a pipe, CI,
NO_COLOR) it prints plain lines with no escape codes, so logs stay greppable. Deck lines go to
stdout; warnings, errors, progress and the table go to stderr.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slidegen.pipeline import BuildResult

SPLIT_MARK = "continued on"  # the planner's words for a slide split over several
SHRINK_MARK = "shrunk to"  # … and for text made smaller to fit


class PlainConsole:
    """Lines as they are, for pipes, logs and NO_COLOR: what rich prints there, without
    importing rich (a tenth of the start-up time of a one-note build)."""

    def __init__(self, stderr: bool = False) -> None:
        self._stderr = stderr

    def print(self, text: str) -> None:
        stream = sys.stderr if self._stderr else sys.stdout
        stream.write(f"{text}\n")
        stream.flush()


def escape(text: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(text)


class Reporter:
    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose
        no_color = bool(os.environ.get("NO_COLOR"))
        self.interactive = sys.stderr.isatty() and not no_color
        self._plain_out = no_color or not sys.stdout.isatty()
        self.out: Any = PlainConsole() if self._plain_out else _rich_console(stderr=False)
        self.err: Any = _rich_console(stderr=True) if self.interactive else PlainConsole(True)

    def line(self, text: str) -> None:
        if not self.quiet:
            self.out.print(text if self._plain_out else escape(text))

    def detail(self, text: str) -> None:
        """Only with -v: where settings came from and other things worth knowing once."""
        if self.verbose:
            self.err.print(f"[dim]{escape(text)}[/]" if self.interactive else text)

    def error(self, text: str) -> None:
        self.err.print(f"[bold red]error:[/] {escape(text)}" if self.interactive
                       else f"error: {text}")

    def warning(self, text: str) -> None:
        self.err.print(f"[yellow]warning:[/] {escape(text)}" if self.interactive
                       else f"warning: {text}")

    @contextlib.contextmanager
    def status(self, text: str) -> Iterator[None]:
        if self.interactive and not self.quiet:
            with self.err.status(text):
                yield
        else:
            yield

    @contextlib.contextmanager
    def progress(self, total: int) -> Iterator[Callable[[Path], None]]:
        if not (self.interactive and not self.quiet and total > 1):
            yield lambda _note: None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(TextColumn("Building"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.description}"), console=self.err,
                      transient=True) as bar:
            task = bar.add_task("", total=total)
            yield lambda note: bar.update(task, advance=1, description=note.name)

    def deck(self, result: BuildResult, check: bool = False, planned: bool = False) -> None:
        """Warnings (file:line), then the error or one line saying what was built."""
        if not self.quiet:
            for warning in result.warnings:
                self.warning(str(warning))
        if result.error is not None:
            self.error(str(result.error))
            return
        if planned:
            what = f"{result.note}: planned"
        elif check:
            what = f"{result.note}: would build"
        else:
            what = f"{result.output}:"
        self.line(f"{what} {result.slides} slides{_pictures(result)}{_fit(result)}, "
                  f"{_count(len(result.warnings), 'warning')}"
                  + ("" if check or planned else f"  (from {result.note})"))
        if self.verbose:
            self.detail(f"{result.note}: {result.seconds:.2f} s")

    def session(self, result: BuildResult, notes: int, check: bool = False) -> None:
        """The line for a --combine deck."""
        what = f"{result.note}: would build" if check else f"{result.output}:"
        self.line(f"{what} {result.slides} slides from {_count(notes, 'note')}"
                  f"{_pictures(result)}, {_count(len(result.warnings), 'warning')}")

    def summary(self, results: list[BuildResult], check: bool = False) -> None:
        """A table on a terminal; one plain closing line elsewhere."""
        if self.quiet:
            return
        failed = sum(not r.ok for r in results)
        warnings = sum(len(r.warnings) for r in results)
        seconds = sum(r.seconds for r in results)
        if not self.interactive:
            if len(results) > 1:
                verb = "checked" if check else "built"
                self.line(f"{verb} {len(results) - failed} of {_count(len(results), 'deck')}, "
                          f"{_count(failed, 'failure')}, {_count(warnings, 'warning')}, "
                          f"{seconds:.1f} s")
            return
        from rich.table import Table

        table = Table(title="slidegen", show_lines=False)
        for column in ("deck", "slides", "embedded", "cached", "failed", "warnings", "seconds"):
            table.add_column(column, justify="left" if column == "deck" else "right")
        for r in results:
            name = escape(str(r.output or r.note))
            if not r.ok:
                name = f"[red]{escape(str(r.note))} (not built)[/]"
            failed_pictures = str(r.placeholders) if not r.placeholders else \
                f"[yellow]{r.placeholders}[/]"
            table.add_row(name, str(r.slides), str(r.pictures), str(r.cached), failed_pictures,
                          str(len(r.warnings)), f"{r.seconds:.2f}")
        self.err.print(table)


def _rich_console(stderr: bool) -> Any:
    """A colour console on a terminal (only then is rich imported)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _pictures(result: BuildResult) -> str:
    parts = []
    if result.pictures:
        cached = f" ({result.cached} from cache)" if result.cached else ""
        parts.append(f", {_count(result.pictures, 'picture')}{cached}")
    if result.placeholders:
        parts.append(f", {result.placeholders} missing")
    return "".join(parts)


def _fit(result: BuildResult) -> str:
    """What the planner had to do to make the note fit: splits and shrinks."""
    split = sum(SPLIT_MARK in w.message for w in result.warnings)
    shrunk = sum(SHRINK_MARK in w.message for w in result.warnings)
    parts = []
    if split:
        parts.append(f"{split} split")
    if shrunk:
        parts.append(f"{shrunk} shrunk")
    return f" ({', '.join(parts)})" if parts else ""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
