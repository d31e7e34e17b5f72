"""One run of the build command: decks built serially or with a process pool (-j), or planned
and combined into one session deck, then PDFs and contact sheets, and --watch rebuilds.

Also `convert_decks` for `slidegen pdf`. Results are reported in input order as they arrive.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slidegen.deck_names import deck_paths
from slidegen.diagnostics import Diagnostic
from slidegen.pipeline import BuildOptions, BuildResult, build_note
from slidegen.records import record
from slidegen.write import DeckWriter, LocalWriter

if TYPE_CHECKING:
    from concurrent.futures import Future

    from slidegen.app.report import Reporter


@record
class Session:
    """The merged settings of one invocation and what it does with them."""

    reporter: Reporter
    options: BuildOptions
    jobs: int
    check: bool
    pdf: bool
    pdf_notes: bool
    preview: bool
    writer: DeckWriter | None = None  # None with --check: nothing is written
    rendered: bool = False  # --check --pdf: draw each deck in a temporary folder and check it
    targets: dict[Path, Path] = dataclasses.field(default_factory=dict)  # note → its deck

    def each(self, files: list[Path]) -> bool:
        """One deck per note (in parallel with -j), then PDFs and previews; True if all went."""
        if self.rendered:
            with tempfile.TemporaryDirectory(prefix="slidegen-check-") as temp:
                return self._each(files, Path(temp))
        return self._each(files, None)

    def _each(self, files: list[Path], scratch: Path | None) -> bool:
        if scratch is not None:  # --check --pdf: decks drawn where nobody sees them, named by
            # their place in the batch: two notes of one name (in two folders) get two PDFs
            targets = {note: scratch / f"{n}.pptx" for n, note in enumerate(files)}
            work: Callable[[Path, BuildOptions], BuildResult] = partial(_build_into,
                                                                        targets=targets)
        else:
            self.targets = deck_paths(files, self.options.output)
            work = partial(_build_into, targets=self.targets,
                           writer=None if self._parallel(files) else self.writer)
        results = self._map(work, files, lambda r: self.reporter.deck(r, check=self.check),
                            self._rendered_options())
        self._first_run_done()
        ok = all(r.ok for r in results)
        ok &= self._after([r.output for r in results if r.ok and r.output])
        if scratch is not None:
            ok &= self._check_rendered([(r.note, r.output) for r in results
                                        if r.ok and r.output], scratch / "pdf")
        self.reporter.summary(results, check=self.check)
        return ok and not (self.options.strict and any(r.warnings for r in results))

    def _rendered_options(self) -> BuildOptions:
        """With --check --pdf, decks are written (to a scratch folder) and fully checked."""
        if not self.rendered:
            return self.options
        return dataclasses.replace(self.options, write=True, check=True)

    def _check_rendered(self, decks: list[tuple[Path, Path]], folder: Path) -> bool:
        """--check --pdf: each deck through LibreOffice, then one line per slide whose
        rendering shows a problem; True if none does."""
        from slidegen.check import check_pdf, page_lines

        pdfs = export_pdfs([pptx for _, pptx in decks], folder, False, self.reporter,
                           quiet=True)
        if pdfs is None:
            return False
        ok = True
        for (name, pptx), pdf in zip(decks, pdfs, strict=True):
            with self.reporter.status(f"Checking the rendered pages of {name}"):
                lines = page_lines(check_pdf(pdf, pptx))
            for page, line in lines:
                where = f"slide {page}" if page else "the deck"
                self.reporter.warning(f"{name}: {where}: {line}")
            pages = _page_count(pdf)
            self.reporter.line(f"{name}: rendered {pages} pages, "
                               f"{len(lines) or 'none'} with problems")
            ok &= not lines
        return ok

    def combined(self, files: list[Path], target: Path, title: str) -> bool:
        """Every note planned (in parallel with -j), then one session deck written."""
        try:
            if self.rendered and self.writer is None:
                with tempfile.TemporaryDirectory(prefix="slidegen-check-") as temp:
                    return self._combined(files, target, title, Path(temp))
            return self._combined(files, target, title, None)
        finally:
            self._first_run_done()

    def _combined(self, files: list[Path], target: Path, title: str,
                  scratch: Path | None) -> bool:
        from slidegen.plan.combine import combine_decks

        started = time.perf_counter()
        results = self._map(_plan_only, files,
                            lambda r: self.reporter.deck(r, check=True, planned=True))
        warnings = [w for r in results for w in r.warnings]
        if not all(r.ok for r in results):
            failed = sum(not r.ok for r in results)
            self.reporter.error(f"{target}: not written: {failed} of {len(results)} notes failed")
            return False
        if self.options.strict and warnings:
            self.reporter.error(f"{target}: not written: {len(warnings)} warnings "
                                "(--strict); fix them or drop --strict")
            return False
        try:
            decks = [r.deck for r in results if r.deck is not None]
            themes = [r.theme for r in results if r.theme is not None]
            deck = combine_decks(decks, title, theme=themes[0] if themes else None)
        except ValueError as exc:
            self.reporter.error(f"{target}: {exc}")
            return False
        session = BuildResult.from_deck(target, None, deck, sum(r.cached for r in results))
        session.warnings = warnings
        if self.writer is not None:
            try:
                self.writer.write(deck, target)
            except OSError as exc:
                self.reporter.error(f"{target}: cannot write the deck: {exc.strerror or exc}; "
                                    "check the folder exists and is writable")
                return False
            session.output = target
        session.seconds = time.perf_counter() - started
        self.reporter.session(session, len(results), check=self.check)
        ok = self._after([target] if session.output else [])
        if scratch is not None:
            drawn = scratch / target.name
            LocalWriter().write(deck, drawn)
            ok &= self._check_rendered([(target, drawn)], scratch / "pdf")
        self.reporter.summary([*results, session], check=self.check)
        return ok

    def _parallel(self, files: list[Path]) -> bool:
        """Decks built by a process pool (-j), each drawn where it is planned."""
        return self.jobs > 1 and len(files) > 1

    def _first_run_done(self) -> None:
        """The run's writer has served its decks; --watch rebuilds draw here."""
        if self.writer is not None:
            self.writer.close()
            self.writer = LocalWriter()

    def _map(self, work: Callable[[Path, BuildOptions], BuildResult], files: list[Path],
             report: Callable[[BuildResult], None],
             options: BuildOptions | None = None) -> list[BuildResult]:
        """Run `work` on every note; report each result in input order as soon as it can be."""
        options = options or self.options
        results: list[BuildResult | None] = [None] * len(files)
        shown = 0

        def flush() -> None:
            nonlocal shown
            while shown < len(results) and (ready := results[shown]) is not None:
                report(ready)
                shown += 1

        with self.reporter.progress(len(files)) as advance:
            if not self._parallel(files):
                for n, note in enumerate(files):
                    results[n] = work(note, options)
                    advance(note)
                    flush()
            else:
                # a process pool costs tens of ms to import: only when it is used
                from concurrent.futures import ProcessPoolExecutor, as_completed

                with ProcessPoolExecutor(max_workers=min(self.jobs, len(files))) as pool:
                    futures: dict[Future[BuildResult], int] = {
                        pool.submit(work, note, options): n for n, note in enumerate(files)}

                    for future in as_completed(futures):
                        n = futures[future]
                        results[n] = _result_of(future, files[n])
                        advance(files[n])
                        flush()
        return [r for r in results if r is not None]

    def _after(self, decks: list[Path]) -> bool:
        """PDFs and contact sheets of the decks just written."""
        if not decks or not (self.pdf or self.pdf_notes or self.preview):
            return True
        ok = True
        pdfs: dict[Path, Path] = {}
        if self.pdf or self.pdf_notes:
            for folder, group in _by_folder(decks).items():
                written = export_pdfs(group, folder, self.pdf_notes, self.reporter,
                                      slides=self.pdf)
                ok &= written is not None
                pdfs.update({deck: pdf for deck, pdf in zip(group, written or [], strict=False)
                             if self.pdf})
        if self.preview:
            ok &= self._previews(decks, pdfs)
        return ok

    def _previews(self, decks: list[Path], pdfs: dict[Path, Path]) -> bool:
        """A contact sheet `<deck>-preview.png` beside each deck, from its PDF (made if need be)."""
        from slidegen.export.preview import PreviewError, contact_sheet

        ok = True
        with tempfile.TemporaryDirectory(prefix="slidegen-preview-") as temp:
            missing = [deck for deck in decks if deck not in pdfs]
            if missing:
                made = export_pdfs(missing, Path(temp), False, self.reporter, quiet=True)
                if made is None:
                    return False
                pdfs = {**pdfs, **dict(zip(missing, made, strict=False))}
            with self.reporter.status(f"Drawing {len(decks)} contact sheet(s)"):
                for deck in decks:
                    png = deck.with_name(f"{deck.stem}-preview.png")
                    try:
                        contact_sheet(pdfs[deck], png)
                    except (PreviewError, KeyError, OSError) as exc:
                        self.reporter.error(f"{deck}: no contact sheet: {exc}")
                        ok = False
                        continue
                    self.reporter.line(str(png))
        return ok

    # -- --watch ---------------------------------------------------------------------------------

    def note_unit(self, note: Path) -> Any:
        """A watch unit that rebuilds this note's deck (and its PDF/preview) in this process."""
        from slidegen.app.watch import WatchUnit

        def rebuild() -> set[Path] | None:
            self.reporter.line(f"{note} changed: rebuilding")
            result = build_note(note, self.options, self.targets.get(note), self.writer)
            self.reporter.deck(result)
            if not result.ok or result.output is None:
                self.reporter.line(f"{note}: kept the last good deck; still watching")
                return None
            self._after([result.output])
            return self._deps([note])

        return WatchUnit(str(note), rebuild, self._deps([note]))

    def combined_unit(self, files: list[Path], target: Path, title: str) -> Any:
        """A watch unit that rebuilds the --combine deck when any of its notes changes."""
        from slidegen.app.watch import WatchUnit

        def rebuild() -> set[Path] | None:
            self.reporter.line(f"a note of {target} changed: rebuilding")
            if not self.combined(files, target, title):
                self.reporter.line(f"{target}: kept the last good deck; still watching")
                return None
            return self._deps(files)

        return WatchUnit(str(target), rebuild, self._deps(files))

    def watch(self, units: list[Any], debounce_ms: int) -> None:
        """Rebuild each unit when its files change, until Ctrl-C."""
        from slidegen.app.watch import watch as watch_units

        count = len({p for unit in units for p in unit.deps})

        def ready() -> None:
            self.reporter.line(f"watching {count} file{'' if count == 1 else 's'}; "
                               "press Ctrl-C to stop")

        watch_units(units, debounce_ms=debounce_ms, ready=ready)

    def _deps(self, files: Sequence[Path]) -> set[Path]:
        from slidegen.app.watch import note_dependencies

        images = self.options.images
        deps: set[Path] = set()
        for note in files:
            deps |= note_dependencies(note, self.options.theme, self.options.default_theme,
                                      images.allow_local_files, images.site_map)
        template = getattr(self.options, "template", None)
        if template and Path(template).is_file():
            deps.add(Path(template).resolve())
        return deps


def _build_into(note: Path, options: BuildOptions, targets: dict[Path, Path],
                writer: DeckWriter | None = None) -> BuildResult:
    """build_note writing to the file chosen for the note; the deck model is not kept (in a
    pool's worker, it would be sent back to a parent that only reports)."""
    result = build_note(note, options, targets[note], writer)
    result.deck = None
    return result


def _page_count(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        return len(doc.pages)


def _plan_only(note: Path, options: BuildOptions) -> BuildResult:
    """The deck model only (for --combine), in `result.deck`; --strict is applied to the
    session deck, not to each note."""
    return build_note(note, dataclasses.replace(options, write=False, strict=False))


def _result_of(future: Future[BuildResult], note: Path) -> BuildResult:
    """A worker that died (killed, out of memory) is this note's error, not the batch's end."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        return BuildResult(note, None, error=Diagnostic(
            str(note), None, "the process building this deck died (out of memory, or "
            "killed); build it again, with fewer -j if memory is short"))


def _by_folder(decks: list[Path]) -> dict[Path, list[Path]]:
    groups: dict[Path, list[Path]] = {}
    for deck in decks:
        groups.setdefault(deck.parent, []).append(deck)
    return groups


# -- PDF export --------------------------------------------------------------------------------


def convert_decks(decks: tuple[Path, ...], output: Path | None, notes_pages: bool,
                  reporter: Reporter) -> bool:
    """`slidegen pdf`: each deck's PDF in `output` or beside it; True if every one was written."""
    ok = True
    groups: dict[Path, list[Path]] = {}
    for deck in decks:
        groups.setdefault(output or deck.parent, []).append(deck)
    for folder, group in groups.items():
        ok &= export_pdfs(group, folder, notes_pages, reporter) is not None
    return ok


def export_pdfs(decks: list[Path], folder: Path, notes_pages: bool, reporter: Reporter, *,
                slides: bool = True, quiet: bool = False) -> list[Path] | None:
    """Convert decks with one LibreOffice start; returns the slides PDFs in deck order, or None
    (error printed) on failure. A failure leaves every .pptx in place."""
    from slidegen.export import ExportError, convert_to_pdf

    if not decks:
        return []
    try:
        with reporter.status(f"Converting {len(decks)} deck(s) to PDF with LibreOffice"):
            pdfs = convert_to_pdf(list(decks), folder, notes_pages=notes_pages)
    except ExportError as exc:
        reporter.error(f"PDF export failed: {exc}")
        return None
    slide_pdfs = pdfs[:len(decks)]
    if not slides:  # only the notes pages were asked for
        for pdf in slide_pdfs:
            pdf.unlink(missing_ok=True)
        pdfs = pdfs[len(decks):]
    if not quiet:
        for pdf in pdfs:
            reporter.line(str(pdf))
    return slide_pdfs
