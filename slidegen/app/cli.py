"""The command line: `slidegen NOTES…` builds one deck per note; `slidegen pdf DECKS…` converts.

Settings come from the command line, then the note's front matter, then `slidegen.yaml` (or
`[tool.slidegen]` in pyproject.toml) found upward from the notes, then the defaults.
Exit codes: 0 all decks built; 1 a note (or its PDF) failed, or warnings under --strict;
2 a usage error (bad option, missing note, bad configuration file); 130 Ctrl-C.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from slidegen import __version__
from slidegen.diagnostics import internal_error

if TYPE_CHECKING:
    from slidegen.app.session import Session

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it

EPILOG = """\b
Examples:
  slidegen notes/*.md                  one deck per note, in output/
  slidegen notes/ --pdf                every note in a folder, with PDFs
  slidegen post.md -o talk.pptx --theme dark
  slidegen week*/ --combine session.pptx --title "Week 3 review"
  slidegen --check notes/              report splits, shrinks and problems; write nothing
  slidegen --check --pdf notes/        … and check the pages LibreOffice draws
  slidegen notes/ --watch --preview    rebuild on every save, with a contact sheet PNG
  slidegen -j 4 notes/                 build four decks at a time
  slidegen pdf output/*.pptx           convert existing decks to PDF

\b
Configuration: slidegen.yaml (or [tool.slidegen] in pyproject.toml) in the
notes' folder or above it, with keys: output, theme, template, pdf, pdf_notes,
offline, strict, allow_local_files, allow_private_hosts, jobs, site_map, title,
footer. The command line wins over a note's front matter, which wins over the file.

\b
Exit codes:
  0  every deck was built
  1  a note, a PDF or a preview failed (or a warning under --strict)
  2  usage error: bad option, missing note or bad configuration file
  130  interrupted (Ctrl-C)
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


@main.command("build", cls=BuildCommand, epilog=EPILOG,
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
@click.option("--allow-private-hosts/--no-allow-private-hosts", default=None,
              help="Allow images from loopback and private-network addresses (never from "
                   "link-local or cloud metadata ones).")
@click.option("--strict/--no-strict", default=None,
              help="Treat every warning as an error; write no deck.")
@click.option("--slide-level", type=click.IntRange(1, 6), metavar="N",
              help="Headings at level N are slides (1-6); above it, sections. "
                   "Default: inferred from each note.")
@click.option("--incremental", is_flag=True,
              help="Reveal every list item by item in the slideshow (one click each).")
@click.option("--check", is_flag=True,
              help="Plan only: report what would be split or shrunk and every warning; "
                   "write nothing. With --pdf, also draw each deck with LibreOffice and "
                   "report every slide whose pages show a problem.")
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
def build_command(notes: tuple[Path, ...], output: Path | None, combine: Path | None,
                  title: str | None, theme: str | None, template: Path | None,
                  pdf: bool | None, pdf_notes: bool | None, offline: bool | None,
                  refresh: bool, allow_local_files: bool | None,
                  allow_private_hosts: bool | None, strict: bool | None,
                  slide_level: int | None, incremental: bool, check: bool, preview: bool,
                  watch: bool, debounce: int, jobs: int | None, config_path: Path | None,
                  list_themes: bool, quiet: bool, verbose: bool) -> None:
    """Build one deck per note. NOTES are files, folders (every .md inside) or globs.

    The other command, `slidegen pdf DECKS...`, converts existing decks to PDF.
    """
    from slidegen.app.inputs import default_title, expand_notes
    from slidegen.app.report import Reporter
    from slidegen.app.settings import SettingsError, build_options, load_settings, pick
    from slidegen.write import open_writer

    if list_themes:
        _print_themes()
        return
    if quiet and verbose:
        raise click.UsageError("-q and -v contradict each other; give one")
    if check and watch:
        raise click.UsageError("--check writes nothing, so there is nothing to --watch")
    files = expand_notes(notes)
    if not files:
        raise click.UsageError("no notes given; try: slidegen notes/*.md")
    # Chosen first: a forked writer imports the renderer (a third of a one-note build) on
    # another core while the settings are read and the notes planned. Builds in parallel
    # (-j, also from the configuration file) draw in their workers and leave it unused.
    writer = None if check else open_writer(decks_at_once=min(jobs or 1, len(files)))
    reporter = Reporter(quiet=quiet, verbose=verbose)
    try:
        config = load_settings(config_path, files, reporter)
        output = output or config.output or Path("output")
        _check_output(output, combine, len(files))
        jobs = jobs or config.jobs or 1
        options = build_options(files, output, theme, template, config, reporter, jobs=jobs,
                                offline=pick(offline, config.offline), refresh=refresh,
                                allow_local_files=pick(allow_local_files,
                                                       config.allow_local_files),
                                allow_private_hosts=pick(allow_private_hosts,
                                                         config.allow_private_hosts),
                                strict=pick(strict, config.strict), write=not check,
                                slide_level=slide_level)
        options.incremental = incremental
        options.check = check
    except SettingsError as exc:  # found after parsing: no usage text, only the problem
        reporter.error(str(exc))
        sys.exit(EXIT_USAGE)
    from slidegen.app.session import Session  # the pipeline: after the writer is forked

    session = Session(reporter, options, jobs, check,
                      pdf=pick(pdf, config.pdf) and not check,
                      pdf_notes=pick(pdf_notes, config.pdf_notes) and not check,
                      preview=preview and not check, writer=writer,
                      rendered=check and bool(pdf))
    session_title = (title or config.title or default_title(notes)) if combine else None
    _run(session, files, combine, session_title, debounce if watch else None)


def _check_output(output: Path, combine: Path | None, notes: int) -> None:
    if combine is not None:
        if combine.suffix.lower() != ".pptx":
            raise click.UsageError(f"--combine {combine}: give a file name ending in .pptx")
    elif output.suffix.lower() == ".pptx" and notes > 1:
        raise click.UsageError(f"-o {output} names one deck but {notes} notes were "
                               "given; give a folder instead, or --combine FILE.pptx")


def _run(session: Session, files: list[Path], combine: Path | None, title: str | None,
         watch_debounce: int | None) -> NoReturn:
    """Build the decks (one session deck with --combine), then watch or exit."""
    if combine is not None:
        assert title is not None
        ok = session.combined(files, combine, title)
        units = ([session.combined_unit(files, combine, title)]
                 if watch_debounce is not None else [])
    else:
        ok = session.each(files)
        units = [session.note_unit(note) for note in files] if watch_debounce is not None else []
    if watch_debounce is not None:
        session.watch(units, debounce_ms=watch_debounce)
        sys.exit(EXIT_OK)
    sys.exit(EXIT_OK if ok else EXIT_FAILED)


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
    from slidegen.app.report import Reporter
    from slidegen.app.session import convert_decks

    ok = convert_decks(decks, output, notes_pages, Reporter(quiet=quiet))
    sys.exit(EXIT_OK if ok else EXIT_FAILED)


# -- helpers ---------------------------------------------------------------------------------------


def _print_themes() -> None:
    from slidegen.theme import builtin_theme_names, load_theme

    for name in builtin_theme_names():
        theme = load_theme(name)
        kind = "dark" if theme.dark else "light"
        size = f"{theme.width:g}x{theme.height:g}pt"
        click.echo(f"{name:12} {kind:6} {size:12} {theme.fonts.body.latin}")


class Interrupted(BaseException):
    """Ctrl-C. Not a KeyboardInterrupt: click catches that and prints an empty line for it."""


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted


@contextlib.contextmanager
def _no_traceback() -> Iterator[None]:
    """A bug outside any one note still ends in one line, not a traceback."""
    try:
        yield
    except (Interrupted, KeyboardInterrupt, click.exceptions.Abort):
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:  # usage errors: click's own message and code
        exc.show()
        sys.exit(exc.exit_code)
    except (SystemExit, click.exceptions.Exit):
        raise
    except Exception as exc:
        click.echo(f"error: {internal_error(exc)}", err=True)
        sys.exit(EXIT_FAILED)


def run() -> None:
    """Entry point: quiet Ctrl-C, no tracebacks, and a quick exit."""
    # Imports and deck building allocate millions of small objects that live to the end, few
    # of them in cycles: collecting every 700 allocations costs about 5 % of an 800-slide
    # build and finds next to nothing. Its peak memory is the same either way (150 MB).
    gc.set_threshold(10_000, 10, 10)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)
    try:
        with _no_traceback():  # not click's standalone mode: it says "Aborted!" and exits 1
            code: int | str | None = main(prog_name="slidegen", standalone_mode=False)
    except SystemExit as done:
        code = done.code
    _exit_now(code)


def _exit_now(code: int | str | None) -> None:
    """Exit without tearing the interpreter down: freeing every module, lxml tree and picture
    one by one takes about 45 ms, an eighth of a one-note build, and the OS frees it all at once.

    Everything the run wrote is closed by now; the streams are flushed and the exit handlers
    run here, as a normal exit would.
    """
    if isinstance(code, str):  # sys.exit("message"), as a normal exit prints it
        print(code, file=sys.stderr)
        code = EXIT_FAILED
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code or EXIT_OK)
