"""The command line: `slidegen NOTES…` builds one deck per note; `slidegen pdf DECKS…` converts.

Settings come from the command line, then the note's front matter, then `slidegen.yaml` (or
`[tool.slidegen]` in pyproject.toml) found upward from the notes, then the defaults.
Exit codes: 0 all decks built; 1 a note (or its PDF) failed, or warnings under --strict;
2 a usage error (bad option, missing note, bad configuration file).
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from slidegen import __version__

if TYPE_CHECKING:
    from concurrent.futures import Future

    from slidegen.config import Config
    from slidegen.pipeline import BuildOptions, BuildResult
    from slidegen.report import Reporter

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

EPILOG = """\b
Examples:
  slidegen notes/*.md                  one deck per note, in output/
  slidegen notes/ --pdf                every note in a folder, with PDFs
  slidegen post.md -o talk.pptx --theme dark
  slidegen week*/ --combine session.pptx --title "Week 3 review"
  slidegen --check notes/              report splits, shrinks and problems; write nothing
  slidegen notes/ --watch --preview    rebuild on every save, with a contact sheet PNG
  slidegen -j 4 notes/                 build four decks at a time
  slidegen pdf output/*.pptx           convert existing decks to PDF

\b
Configuration: slidegen.yaml (or [tool.slidegen] in pyproject.toml) in the
notes' folder or above it, with keys: output, theme, template, pdf, pdf_notes,
offline, strict, allow_local_files, jobs, site_map, title. The command line
wins over a note's front matter, which wins over the file.

\b
Exit codes:
  0  every deck was built
  1  a note, a PDF or a preview failed (or a warning under --strict)
  2  usage error: bad option, missing note or bad configuration file
"""


class DefaultToBuild(click.Group):
    """`slidegen NOTES…` without naming a command means `slidegen build NOTES…`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] != "--version"):
            args = ["build", *args]
        return super().parse_args(ctx, args)


class BuildCommand(click.Command):
    """Shows its usage as `slidegen [OPTIONS] NOTES…`, which is how people type it."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("slidegen", "[OPTIONS] NOTES...")


@click.group(cls=DefaultToBuild, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="slidegen")
def main() -> None:
    """Turn Markdown study notes into editable PowerPoint decks (and PDFs)."""


@main.command(cls=BuildCommand, epilog=EPILOG,
              context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("notes", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output folder (default: output/), or a .pptx file for a single note.")
@click.option("--combine", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.pptx",
              help="Put every note into one study-session deck: a title, an agenda and a "
                   "section per note.")
@click.option("--title", help="Title of the --combine deck (default: the folder's name).")
@click.option("--theme", metavar="NAME|PATH", help="Built-in theme name or a theme .yaml file.")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="A .pptx/.potx whose masters and layouts the decks use.")
@click.option("--pdf/--no-pdf", default=None, help="Also write a PDF of each deck (LibreOffice).")
@click.option("--pdf-notes/--no-pdf-notes", default=None,
              help="Also write a PDF of notes pages for handouts.")
@click.option("--offline/--online", default=None,
              help="Use only cached images; never the network.")
@click.option("--refresh", is_flag=True, help="Revalidate cached images with their servers.")
@click.option("--allow-local-files/--no-allow-local-files", default=None,
              help="Allow images outside the notes' folder, absolute paths and file: URLs.")
@click.option("--strict/--no-strict", default=None,
              help="Treat every warning as an error; write no deck.")
@click.option("--check", is_flag=True,
              help="Plan only: report what would be split or shrunk and every warning; "
                   "write nothing.")
@click.option("--preview", is_flag=True,
              help="Also write a contact sheet PNG of each deck (needs LibreOffice).")
@click.option("--watch", is_flag=True,
              help="Keep running; rebuild a deck when its note, pictures or theme change.")
@click.option("--debounce", type=click.IntRange(10, 60_000), default=300, show_default=True,
              metavar="MS", help="With --watch: wait this long after the last change.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), metavar="N",
              help="Build N decks at a time (default 1).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False,
                                                         path_type=Path),
              help="Use this configuration file instead of looking for slidegen.yaml.")
@click.option("--list-themes", is_flag=True, help="List the built-in themes and exit.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True,
              help="Also print the settings used and where each came from.")
def build(notes: tuple[Path, ...], output: Path | None, combine: Path | None, title: str | None,
          theme: str | None, template: Path | None, pdf: bool | None, pdf_notes: bool | None,
          offline: bool | None, refresh: bool, allow_local_files: bool | None,
          strict: bool | None, check: bool, preview: bool, watch: bool, debounce: int,
          jobs: int | None, config_path: Path | None, list_themes: bool, quiet: bool,
          verbose: bool) -> None:
    """Build one deck per note. NOTES are files, folders (every .md inside) or globs.

    The other command, `slidegen pdf DECKS...`, converts existing decks to PDF.
    """
    from slidegen.report import Reporter

    if list_themes:
        _print_themes()
        return
    if quiet and verbose:
        raise click.UsageError("-q and -v contradict each other; give one")
    if check and watch:
        raise click.UsageError("--check writes nothing, so there is nothing to --watch")
    files = _expand(notes)
    if not files:
        raise click.UsageError("no notes given; try: slidegen notes/*.md")
    reporter = Reporter(quiet=quiet, verbose=verbose)
    config = _config(config_path, files, reporter)

    output = output or config.output or Path("output")
    if combine is not None:
        if combine.suffix.lower() != ".pptx":
            raise click.UsageError(f"--combine {combine}: give a file name ending in .pptx")
    elif output.suffix.lower() == ".pptx" and len(files) > 1:
        raise click.UsageError(f"-o {output} names one deck but {len(files)} notes were given; "
                               "give a folder instead, or --combine FILE.pptx")
    jobs = jobs or config.jobs or 1
    options = _options(files, output, theme, template, config, reporter, jobs=jobs,
                       offline=_pick(offline, config.offline), refresh=refresh,
                       allow_local_files=_pick(allow_local_files, config.allow_local_files),
                       strict=_pick(strict, config.strict), write=not check)
    run = Run(reporter, options, jobs, check,
              pdf=_pick(pdf, config.pdf) and not check,
              pdf_notes=_pick(pdf_notes, config.pdf_notes) and not check,
              preview=preview and not check)
    if combine is not None:
        session_title = title or config.title or _default_title(notes)
        ok = run.combined(files, combine, session_title)
        units = [run.combined_unit(files, combine, session_title)] if watch else []
    else:
        ok = run.each(files)
        units = [run.note_unit(note) for note in files] if watch else []
    if watch:
        from slidegen.watch import watch as watch_units

        count = len({p for unit in units for p in unit.deps})
        reporter.line(f"watching {count} file{'' if count == 1 else 's'}; press Ctrl-C to stop")
        watch_units(units, debounce_ms=debounce)
        sys.exit(EXIT_OK)
    sys.exit(EXIT_OK if ok else EXIT_FAILED)


def _pick(given: bool | None, configured: bool | None) -> bool:
    """Command line over config file over off."""
    if given is not None:
        return given
    return bool(configured)


def _config(explicit: Path | None, files: list[Path], reporter: Reporter) -> Config:
    """The configuration file's settings; a mistake in it is a usage error (exit 2)."""
    from slidegen.config import Config, find_config, load_config
    from slidegen.diagnostics import SlidegenError

    path = explicit or find_config(files)
    if path is None:
        return Config()
    try:
        config = load_config(path)
    except SlidegenError as exc:
        _usage_exit(reporter, str(exc))
    reporter.detail(f"config: {path}")
    return config


def _usage_exit(reporter: Reporter, message: str) -> NoReturn:
    reporter.error(message)
    sys.exit(EXIT_USAGE)


def _options(files: list[Path], output: Path, theme: str | None, template: Path | None,
             config: Config, reporter: Reporter, *, jobs: int, offline: bool, refresh: bool,
             allow_local_files: bool, strict: bool, write: bool) -> BuildOptions:
    """BuildOptions from the merged settings; a theme or template that cannot be used is exit 2."""
    from slidegen.diagnostics import SlidegenError
    from slidegen.images import ImageOptions
    from slidegen.pipeline import BuildOptions
    from slidegen.theme import load_theme

    for ref in (theme, config.theme):
        if ref is None:
            continue
        try:
            load_theme(ref)
        except SlidegenError as exc:
            _usage_exit(reporter, str(exc))
    extra: dict[str, Any] = {}
    template = template or config.template
    if template is not None:
        if "template" not in {f.name for f in dataclasses.fields(BuildOptions)}:
            raise click.UsageError("--template: this version of slidegen cannot use PowerPoint "
                                   "templates yet; use --theme")
        if not template.is_file():
            raise click.UsageError(f"--template {template}: no such file; check the path")
        extra["template"] = str(template)
    images = ImageOptions(offline=offline, refresh=refresh, allow_local_files=allow_local_files,
                          site_map=dict(config.site_map),
                          progress=reporter.interactive and not reporter.quiet and jobs == 1)
    options = BuildOptions(output=output, theme=theme, default_theme=config.theme, images=images,
                           strict=strict, write=write, **extra)
    reporter.detail(f"output: {output}; theme: {theme or '(front matter)'} then "
                    f"{config.theme or 'default'}; jobs: {jobs}; offline: {offline}; "
                    f"strict: {strict}")
    return options


def _default_title(notes: tuple[Path, ...]) -> str:
    """A single folder names the session; anything else is a plain "Study session"."""
    if len(notes) == 1 and notes[0].is_dir():
        return notes[0].resolve().name.replace("-", " ").replace("_", " ").strip() or \
            "Study session"
    return "Study session"


# -- workers (module level so a process pool can pickle them) -----------------------------------


def build_safely(note: Path, options: BuildOptions) -> BuildResult:
    """build_note, with a bug in slidegen reported as one line for this note, not a traceback."""
    from slidegen.diagnostics import Diagnostic
    from slidegen.pipeline import BuildResult, build_note

    try:
        return build_note(note, options)
    except Exception as exc:
        return BuildResult(note, None, error=Diagnostic(str(note), None, _internal(exc)))


def _build_in_pool(note: Path, options: BuildOptions) -> BuildResult:
    result = build_safely(note, options)
    result.deck = None  # the parent only reports; don't pickle every picture back
    return result


def plan_safely(note: Path, options: BuildOptions) -> BuildResult:
    """The deck model only (for --combine), in `result.deck`; errors as in build_safely."""
    from slidegen.deck import MissingPicture, Picture
    from slidegen.diagnostics import Diagnostic, Diagnostics, SlidegenError
    from slidegen.pipeline import BuildResult, plan_note

    started = time.perf_counter()
    diagnostics = Diagnostics(str(note))
    result = BuildResult(note, None)
    images: dict[str, Any] = {}
    try:
        deck = plan_note(note, options, diagnostics, images)
        shapes = [s for slide in deck.slides for s in slide.shapes]
        result.deck = deck
        result.slides = len(deck.slides)
        result.pictures = sum(isinstance(s, Picture) for s in shapes)
        result.placeholders = sum(isinstance(s, MissingPicture) for s in shapes)
        result.cached = sum(1 for r in images.values() if r.image is not None
                            and r.origin == "cache")
    except SlidegenError as exc:
        result.error = exc.diagnostic
    except Exception as exc:
        result.error = Diagnostic(str(note), None, _internal(exc))
    result.warnings = list(diagnostics.items)
    result.seconds = time.perf_counter() - started
    return result


def _internal(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"internal error: {type(exc).__name__}{': ' + text if text else ''} (please report)"


# -- one run of the build command ------------------------------------------------------------------


@dataclasses.dataclass
class Run:
    """The merged settings of one invocation and what it does with them."""

    reporter: Reporter
    options: BuildOptions
    jobs: int
    check: bool
    pdf: bool
    pdf_notes: bool
    preview: bool

    def each(self, files: list[Path]) -> bool:
        """One deck per note (in parallel with -j), then PDFs and previews; True if all went."""
        results = self._map(_build_in_pool if self.jobs > 1 else build_safely, files,
                            lambda r: self.reporter.deck(r, check=self.check))
        ok = all(r.ok for r in results)
        ok &= self._after([r.output for r in results if r.ok and r.output])
        self.reporter.summary(results, check=self.check)
        return ok and not (self.options.strict and any(r.warnings for r in results))

    def combined(self, files: list[Path], target: Path, title: str) -> bool:
        """Every note planned (in parallel with -j), then one session deck written."""
        from slidegen.deck import MissingPicture, Picture
        from slidegen.pipeline import BuildResult, write_atomically
        from slidegen.plan.combine import combine_decks
        from slidegen.render import render_deck

        started = time.perf_counter()
        results = self._map(plan_safely, files,
                            lambda r: self.reporter.deck(r, check=True, planned=True))
        warnings = [w for r in results for w in r.warnings]
        session = BuildResult(target, None, warnings=warnings)
        if not all(r.ok for r in results):
            failed = sum(not r.ok for r in results)
            self.reporter.error(f"{target}: not written: {failed} of {len(results)} notes failed")
            return False
        if self.options.strict and warnings:
            self.reporter.error(f"{target}: not written: {len(warnings)} warnings "
                                "(--strict); fix them or drop --strict")
            return False
        try:
            deck = combine_decks([r.deck for r in results if r.deck is not None], title)
        except ValueError as exc:
            self.reporter.error(f"{target}: {exc}")
            return False
        shapes = [s for slide in deck.slides for s in slide.shapes]
        session.slides = len(deck.slides)
        session.pictures = sum(isinstance(s, Picture) for s in shapes)
        session.placeholders = sum(isinstance(s, MissingPicture) for s in shapes)
        session.cached = sum(r.cached for r in results)
        if not self.check:
            try:
                write_atomically(target, lambda handle: render_deck(deck, handle))
            except OSError as exc:
                self.reporter.error(f"{target}: cannot write the deck: {exc.strerror or exc}; "
                                    "check the folder exists and is writable")
                return False
            session.output = target
        session.seconds = time.perf_counter() - started
        self.reporter.session(session, len(results), check=self.check)
        ok = self._after([target] if session.output else [])
        self.reporter.summary([*results, session], check=self.check)
        return ok

    def _map(self, work: Callable[[Path, BuildOptions], BuildResult], files: list[Path],
             report: Callable[[BuildResult], None]) -> list[BuildResult]:
        """Run `work` on every note; report each result in input order as soon as it can be."""
        results: list[BuildResult | None] = [None] * len(files)
        shown = 0

        def flush() -> None:
            nonlocal shown
            while shown < len(results) and (ready := results[shown]) is not None:
                report(ready)
                shown += 1

        with self.reporter.progress(len(files)) as advance:
            if self.jobs == 1 or len(files) == 1:
                for n, note in enumerate(files):
                    results[n] = work(note, self.options)
                    advance(note)
                    flush()
            else:
                # a process pool costs tens of ms to import: only when it is used
                from concurrent.futures import ProcessPoolExecutor, as_completed

                with ProcessPoolExecutor(max_workers=min(self.jobs, len(files))) as pool:
                    futures: dict[Future[BuildResult], int] = {
                        pool.submit(work, note, self.options): n for n, note in enumerate(files)}

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
                written = _export(group, folder, self.pdf_notes, self.reporter,
                                  slides=self.pdf)
                ok &= written is not None
                pdfs.update({deck: pdf for deck, pdf in zip(group, written or [], strict=False)
                             if self.pdf})
        if self.preview:
            ok &= self._previews(decks, pdfs)
        return ok

    def _previews(self, decks: list[Path], pdfs: dict[Path, Path]) -> bool:
        """A contact sheet `<deck>-preview.png` beside each deck, from its PDF (made if need be)."""
        from slidegen.preview import PreviewError, contact_sheet

        ok = True
        with tempfile.TemporaryDirectory(prefix="slidegen-preview-") as temp:
            missing = [deck for deck in decks if deck not in pdfs]
            if missing:
                made = _export(missing, Path(temp), False, self.reporter, quiet=True)
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
        from slidegen.watch import WatchUnit

        def rebuild() -> set[Path] | None:
            self.reporter.line(f"{note} changed: rebuilding")
            result = build_safely(note, self.options)
            self.reporter.deck(result)
            if not result.ok or result.output is None:
                self.reporter.line(f"{note}: kept the last good deck; still watching")
                return None
            self._after([result.output])
            return self._deps([note])

        return WatchUnit(str(note), rebuild, self._deps([note]))

    def combined_unit(self, files: list[Path], target: Path, title: str) -> Any:
        from slidegen.watch import WatchUnit

        def rebuild() -> set[Path] | None:
            self.reporter.line(f"a note of {target} changed: rebuilding")
            if not self.combined(files, target, title):
                self.reporter.line(f"{target}: kept the last good deck; still watching")
                return None
            return self._deps(files)

        return WatchUnit(str(target), rebuild, self._deps(files))

    def _deps(self, files: Sequence[Path]) -> set[Path]:
        from slidegen.watch import note_dependencies

        images = self.options.images
        deps: set[Path] = set()
        for note in files:
            deps |= note_dependencies(note, self.options.theme, self.options.default_theme,
                                      images.allow_local_files, images.site_map)
        template = getattr(self.options, "template", None)
        if template and Path(template).is_file():
            deps.add(Path(template).resolve())
        return deps


def _result_of(future: Future[BuildResult], note: Path) -> BuildResult:
    """A worker that died (killed, out of memory) is this note's error, not the batch's end."""
    from slidegen.diagnostics import Diagnostic
    from slidegen.pipeline import BuildResult

    try:
        return future.result()
    except Exception as exc:
        return BuildResult(note, None, error=Diagnostic(str(note), None, _internal(exc)))


def _by_folder(decks: list[Path]) -> dict[Path, list[Path]]:
    groups: dict[Path, list[Path]] = {}
    for deck in decks:
        groups.setdefault(deck.parent, []).append(deck)
    return groups


# -- slidegen pdf ----------------------------------------------------------------------------------


@main.command("pdf", epilog="\b\nExample:\n  slidegen pdf output/*.pptx -o pdf/")
@click.argument("decks", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the PDFs (default: beside each deck).")
@click.option("--notes", "notes_pages", is_flag=True, help="Also write notes pages PDFs.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def pdf_command(decks: tuple[Path, ...], output: Path | None, notes_pages: bool,
                quiet: bool) -> None:
    """Convert existing .pptx decks to PDF with LibreOffice."""
    from slidegen.report import Reporter

    reporter = Reporter(quiet=quiet)
    ok = True
    groups: dict[Path, list[Path]] = {}
    for deck in decks:
        groups.setdefault(output or deck.parent, []).append(deck)
    for folder, group in groups.items():
        ok &= _export(group, folder, notes_pages, reporter) is not None
    sys.exit(EXIT_OK if ok else EXIT_FAILED)


def _export(decks: list[Path], folder: Path, notes_pages: bool, reporter: Reporter, *,
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


# -- helpers ---------------------------------------------------------------------------------------


def _expand(notes: tuple[Path, ...]) -> list[Path]:
    """Files as given, folders as the .md files inside, globs (for shells that don't) expanded."""
    files: list[Path] = []
    for note in notes:
        if note.is_dir():
            found = sorted(p for p in note.rglob("*.md") if p.is_file() and not _hidden(p, note))
            if not found:
                raise click.UsageError(f"{note}: no .md notes in this folder")
            files.extend(found)
        elif not note.exists() and any(ch in str(note) for ch in "*?["):
            matches = sorted(Path().glob(str(note))) if not note.is_absolute() else sorted(
                Path(note.anchor).glob(str(note.relative_to(note.anchor))))
            matches = [m for m in matches if m.is_file()] + [
                p for m in matches if m.is_dir() for p in sorted(m.rglob("*.md"))]
            if not matches:
                raise click.UsageError(f"{note}: no notes match this pattern")
            files.extend(matches)
        else:
            if not note.exists():
                raise click.UsageError(f"{note}: no such file; check the path")
            files.append(note)
    return list(dict.fromkeys(files))


def _hidden(path: Path, root: Path) -> bool:
    """Skip .git, .obsidian and the like: their Markdown is not notes."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _print_themes() -> None:
    from slidegen.theme import builtin_theme_names, load_theme

    for name in builtin_theme_names():
        theme = load_theme(name)
        kind = "dark" if theme.dark else "light"
        size = f"{theme.width:g}x{theme.height:g}pt"
        click.echo(f"{name:12} {kind:6} {size:12} {theme.fonts.body.latin}")


@contextlib.contextmanager
def _no_traceback() -> Iterator[None]:
    """A bug outside any one note still ends in one line, not a traceback."""
    try:
        yield
    except KeyboardInterrupt:
        sys.exit(130)
    except (SystemExit, click.exceptions.Exit):
        raise
    except Exception as exc:
        click.echo(f"error: {_internal(exc)}", err=True)
        sys.exit(EXIT_FAILED)


def run() -> None:
    """Entry point: quiet Ctrl-C, no tracebacks."""
    with _no_traceback():
        main(prog_name="slidegen")
