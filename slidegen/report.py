"""What people see while slidegen works: progress, one line per deck, warnings, a summary.

On a terminal it uses colour, a progress bar and a table; elsewhere (a pipe, CI, NO_COLOR) it
prints plain lines with no escape codes.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from slidegen.build import BuildResult


class Reporter:
    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose
        no_color = bool(os.environ.get("NO_COLOR"))
        self.interactive = sys.stderr.isatty() and not no_color
        self.out = Console(highlight=False, no_color=no_color or not sys.stdout.isatty(),
                           soft_wrap=True)
        self.err = Console(stderr=True, highlight=False, no_color=not self.interactive,
                           soft_wrap=True)

    def line(self, text: str) -> None:
        if not self.quiet:
            self.out.print(escape(text))

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

    def deck(self, result: BuildResult, check: bool = False) -> None:
        for warning in result.warnings:
            if not self.quiet:
                self.warning(str(warning))
        if result.error is not None:
            self.error(str(result.error))
            return
        what = "would build" if check else str(result.output)
        pictures = f", {result.pictures} pictures" if result.pictures else ""
        missing = f", {result.placeholders} missing" if result.placeholders else ""
        self.line(f"{what}: {result.slides} slides{pictures}{missing}, "
                  f"{len(result.warnings)} warnings  ({result.note})")

    def summary(self, results: list[BuildResult]) -> None:
        if self.quiet or len(results) < 2 or not self.interactive:
            return
        table = Table(title="slidegen", show_lines=False)
        for column in ("deck", "slides", "pictures", "missing", "warnings", "seconds"):
            table.add_column(column, justify="left" if column == "deck" else "right")
        for r in results:
            name = str(r.output or r.note) if r.ok else f"[red]{escape(str(r.note))} (failed)[/]"
            table.add_row(name, str(r.slides), str(r.pictures), str(r.placeholders),
                          str(len(r.warnings)), f"{r.seconds:.2f}")
        self.err.print(table)
