"""The command line: `slidegen NOTES…` builds one deck per note; `slidegen pdf DECKS…` converts.

Settings come from the command line, then the note's front matter, then `slidegen.yaml` (or
`[tool.slidegen]` in pyproject.toml) found upward from the notes, then the defaults.
Exit codes: 0 all decks built; 1 a note (or its PDF) failed, or warnings under --strict;
2 a usage error (bad option, missing note, bad configuration file); 130 Ctrl-C.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from slidegen import __version__
from slidegen.app.usage import UsageError
from slidegen.diagnostics import internal_error

if TYPE_CHECKING:
    from slidegen.app.session import Session

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it

DESCRIPTION = """\
Build one deck per note. NOTES are files, folders (every .md inside) or globs.

The other command, `slidegen pdf DECKS...`, converts existing decks to PDF."""

EPILOG = """\
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

Configuration: slidegen.yaml (or [tool.slidegen] in pyproject.toml) in the
notes' folder or above it, with keys: output, theme, template, pdf, pdf_notes,
offline, strict, allow_local_files, allow_private_hosts, jobs, site_map, title,
footer. The command line wins over a note's front matter, which wins over the file.

Exit codes:
  0  every deck was built
  1  a note, a PDF or a preview failed (or a warning under --strict)
  2  usage error: bad option, missing note or bad configuration file
  130  interrupted (Ctrl-C)
"""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """The help as written (examples keep their lines), under a capitalised "Usage:"."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "Usage: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """Reports a bad option as one line, exit code 2, instead of the usage and a second line."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (slidegen -h lists the options)")


def _in_range(low: int, high: int) -> Any:
    def number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not in the range {low} to {high}")
        return value

    return number


def _not_a_folder(text: str) -> Path:
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text}: a folder, not a file")
    return path


def _existing_file(text: str) -> Path:
    path = _not_a_folder(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{text}: no such file")
    return path


def _not_a_file(text: str) -> Path:
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text}: a file, not a folder")
    return path


class _Switch(argparse.Action):
    """`--on` / `--off` (its first and second names); None when neither is given, so that the
    configuration file decides."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=None, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        setattr(namespace, self.dest, option_string == self.option_strings[0])


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="slidegen", usage="slidegen [OPTIONS] NOTES...", add_help=False,
                     allow_abbrev=False, description=DESCRIPTION, epilog=EPILOG,
                     formatter_class=_Formatter)
    parser.add_argument("notes", nargs="*", type=Path, metavar="NOTES", help=argparse.SUPPRESS)
    add = parser.add_argument_group("Options").add_argument
    add("-o", "--output", type=Path, metavar="PATH",
        help="Output folder (default: output/), or a .pptx file for a single note.")
    add("--combine", type=_not_a_folder, metavar="FILE.pptx",
        help="Put every note into one study-session deck: a title, an agenda and a section "
             "per note.")
    add("--title", help="Title of the --combine deck (default: the folder's name).")
    add("--theme", metavar="NAME|PATH", help="Built-in theme name or a theme .yaml file.")
    add("--template", type=_not_a_folder, metavar="FILE",
        help="A .pptx/.potx whose masters and layouts the decks use.")
    add("--pdf", "--no-pdf", action=_Switch,
        help="Also write a PDF of each deck (LibreOffice).")
    add("--pdf-notes", "--no-pdf-notes", action=_Switch,
        help="Also write a PDF of notes pages for handouts.")
    add("--offline", "--online", action=_Switch,
        help="Use only cached images; never the network.")
    add("--refresh", action="store_true", help="Revalidate cached images with their servers.")
    add("--allow-local-files", "--no-allow-local-files", action=_Switch,
        help="Allow images outside the notes' folder, absolute paths and file: URLs.")
    add("--allow-private-hosts", "--no-allow-private-hosts", action=_Switch,
        help="Allow images from loopback and private-network addresses (never from "
            "link-local or cloud metadata ones).")
    add("--strict", "--no-strict", action=_Switch,
        help="Treat every warning as an error; write no deck.")
    add("--slide-level", type=_in_range(1, 6), metavar="N",
        help="Headings at level N are slides (1-6); above it, sections. Default: inferred "
             "from each note.")
    add("--incremental", action="store_true",
        help="Reveal every list item by item in the slideshow (one click each).")
    add("--check", action="store_true",
        help="Plan only: report what would be split or shrunk and every warning; write "
             "nothing. With --pdf, also draw each deck with LibreOffice and report every "
             "slide whose pages show a problem.")
    add("--preview", action="store_true",
        help="Also write a contact sheet PNG of each deck (needs LibreOffice).")
    add("--watch", action="store_true",
        help="Keep running; rebuild a deck when its note, pictures or theme change.")
    add("--debounce", type=_in_range(10, 60_000), default=300, metavar="MS",
        help="With --watch: wait this long after the last change (default: %(default)s).")
    add("-j", "--jobs", type=_in_range(1, 64), metavar="N",
        help="Build N decks at a time (default 1).")
    add("--config", dest="config_path", type=_existing_file, metavar="FILE",
        help="Use this configuration file instead of looking for slidegen.yaml.")
    add("--list-themes", action="store_true", help="List the built-in themes and exit.")
    add("-q", "--quiet", action="store_true", help="Print errors only.")
    add("-v", "--verbose", action="store_true",
        help="Also print the settings used and where each came from.")
    add("--version", action="version", version=f"slidegen, version {__version__}",
        help="Show the version and exit.")
    add("-h", "--help", action="help", help="Show this message and exit.")
    return parser


def _pdf_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="slidegen pdf", usage="slidegen pdf [OPTIONS] DECKS...",
                     add_help=False, allow_abbrev=False, formatter_class=_Formatter,
                     description="Convert existing .pptx decks to PDF with LibreOffice.",
                     epilog="Example:\n  slidegen pdf output/*.pptx -o pdf/")
    parser.add_argument("decks", nargs="+", type=_existing_file, metavar="DECKS",
                        help=argparse.SUPPRESS)
    add = parser.add_argument_group("Options").add_argument
    add("-o", "--output", type=_not_a_file, metavar="FOLDER",
        help="Folder for the PDFs (default: beside each deck).")
    add("--notes", dest="notes_pages", action="store_true", help="Also write notes pages PDFs.")
    add("-q", "--quiet", action="store_true", help="Print errors only.")
    add("-h", "--help", action="help", help="Show this message and exit.")
    return parser


def main(args: list[str]) -> None:
    """`slidegen NOTES…` without naming a command means `slidegen build NOTES…`."""
    if args[:1] == ["pdf"]:
        pdf_command(**vars(_pdf_parser().parse_args(args[1:])))
    else:
        build_command(**vars(_build_parser().parse_args(
            args[1:] if args[:1] == ["build"] else args)))


def build_command(notes: list[Path], output: Path | None, combine: Path | None,
                  title: str | None, theme: str | None, template: Path | None,
                  pdf: bool | None, pdf_notes: bool | None, offline: bool | None,
                  refresh: bool, allow_local_files: bool | None,
                  allow_private_hosts: bool | None, strict: bool | None,
                  slide_level: int | None, incremental: bool, check: bool, preview: bool,
                  watch: bool, debounce: int, jobs: int | None, config_path: Path | None,
                  list_themes: bool, quiet: bool, verbose: bool) -> None:
    """Build one deck per note (or one session deck), then watch or exit."""
    from slidegen.app.inputs import default_title, expand_notes
    from slidegen.app.report import Reporter
    from slidegen.app.settings import SettingsError, build_options, load_settings, pick
    from slidegen.write import open_writer

    if list_themes:
        _print_themes()
        return
    if quiet and verbose:
        raise UsageError("-q and -v contradict each other; give one")
    if check and watch:
        raise UsageError("--check writes nothing, so there is nothing to --watch")
    files = expand_notes(notes)
    if not files:
        raise UsageError("no notes given; try: slidegen notes/*.md")
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
            raise UsageError(f"--combine {combine}: give a file name ending in .pptx")
    elif output.suffix.lower() == ".pptx" and notes > 1:
        raise UsageError(f"-o {output} names one deck but {notes} notes were "
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


def pdf_command(decks: list[Path], output: Path | None, notes_pages: bool,
                quiet: bool) -> NoReturn:
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
        print(f"{name:12} {kind:6} {size:12} {theme.fonts.body.latin}")


class Interrupted(BaseException):
    """Ctrl-C, raised by our own handler, so that it is told apart from an interrupt that
    library code turned into something else."""


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted


@contextlib.contextmanager
def _no_traceback() -> Iterator[None]:
    """A bug outside any one note still ends in one line, not a traceback."""
    try:
        yield
    except (Interrupted, KeyboardInterrupt):
        sys.exit(EXIT_INTERRUPTED)
    except UsageError as exc:  # what was typed: one line
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    except SystemExit:
        raise
    except Exception as exc:
        print(f"error: {internal_error(exc)}", file=sys.stderr)
        sys.exit(EXIT_FAILED)


def run() -> None:
    """Entry point: quiet Ctrl-C, no tracebacks, and a quick exit."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)
    try:
        with _no_traceback():
            main(sys.argv[1:])
            code: int | str | None = EXIT_OK
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
