"""The command line: `slidegen NOTES…` builds one deck per note; `slidegen pdf DECKS…` converts.

Exit codes: 0 all decks built; 1 a note (or its PDF) failed, or warnings under --strict;
2 a usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from slidegen import __version__

EPILOG = """\b
Examples:
  slidegen notes/*.md                  one deck per note, in output/
  slidegen notes/ --pdf                every note in a folder, with PDFs
  slidegen post.md -o talk.pptx --theme dark
  slidegen --check notes/*.md          report splits and problems, write nothing
  slidegen pdf output/*.pptx           convert existing decks to PDF
"""


class DefaultToBuild(click.Group):
    """`slidegen NOTES…` without naming a command means `slidegen build NOTES…`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h",
                                                                          "--version")):
            args = ["build", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultToBuild, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=EPILOG)
@click.version_option(__version__, "--version", prog_name="slidegen")
def main() -> None:
    """Turn Markdown study notes into editable PowerPoint decks (and PDFs)."""


@main.command(epilog=EPILOG)
@click.argument("notes", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="Output folder, or a .pptx file for a single note.")
@click.option("--theme", metavar="NAME|PATH", help="Built-in theme name or a theme .yaml file.")
@click.option("--pdf", is_flag=True, help="Also write a PDF of each deck (needs LibreOffice).")
@click.option("--pdf-notes", is_flag=True, help="Also write a PDF of notes pages for handouts.")
@click.option("--offline", is_flag=True, help="Use only cached images; never the network.")
@click.option("--refresh", is_flag=True, help="Revalidate cached images with their servers.")
@click.option("--allow-local-files", is_flag=True,
              help="Allow images outside the notes' folder, absolute paths and file: URLs.")
@click.option("--strict", is_flag=True, help="Treat every warning as an error; write no deck.")
@click.option("--check", is_flag=True, help="Plan only: report splits, shrinks and problems.")
@click.option("--list-themes", is_flag=True, help="List the built-in themes and exit.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True, help="Print every warning in full.")
def build(notes: tuple[Path, ...], output: Path, theme: str | None, pdf: bool, pdf_notes: bool,
          offline: bool, refresh: bool, allow_local_files: bool, strict: bool, check: bool,
          list_themes: bool, quiet: bool, verbose: bool) -> None:
    """Build one deck per note. NOTES are files, folders (every .md inside) or globs."""
    from slidegen.build import BuildOptions, build_note
    from slidegen.images import ImageOptions
    from slidegen.report import Reporter

    if list_themes:
        _print_themes()
        return
    files = _expand(notes)
    if not files:
        raise click.UsageError("no notes given; try: slidegen notes/*.md")
    if output.suffix.lower() == ".pptx" and len(files) > 1:
        raise click.UsageError(f"-o {output} names one deck but {len(files)} notes were given; "
                               "give a folder instead")
    reporter = Reporter(quiet=quiet, verbose=verbose)
    options = BuildOptions(
        output=output, theme=theme, strict=strict, write=not check,
        images=ImageOptions(offline=offline, refresh=refresh,
                            allow_local_files=allow_local_files,
                            progress=reporter.interactive and not quiet),
    )
    results = []
    with reporter.progress(len(files)) as advance:
        for note in files:
            result = build_note(note, options)
            reporter.deck(result, check=check)
            results.append(result)
            advance(note)
    failed = any(not r.ok for r in results)
    if (pdf or pdf_notes) and not check:
        decks = [r.output for r in results if r.ok and r.output]
        failed |= not _export(decks, output, pdf_notes, reporter)
    reporter.summary(results)
    sys.exit(1 if failed else 0)


@main.command("pdf")
@click.argument("decks", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Folder for the PDFs (default: beside each deck).")
@click.option("--notes", "notes_pages", is_flag=True, help="Also write notes pages PDFs.")
def pdf_command(decks: tuple[Path, ...], output: Path | None, notes_pages: bool) -> None:
    """Convert existing .pptx decks to PDF with LibreOffice."""
    from slidegen.report import Reporter

    reporter = Reporter()
    ok = True
    groups: dict[Path, list[Path]] = {}
    for deck in decks:
        groups.setdefault(output or deck.parent, []).append(deck)
    for folder, group in groups.items():
        ok &= _export(group, folder, notes_pages, reporter)
    sys.exit(0 if ok else 1)


def _export(decks: list[Path], output: Path, notes_pages: bool, reporter: Any) -> bool:
    """Convert decks with one LibreOffice start; a failure leaves every .pptx in place."""
    from slidegen.export import ExportError, convert_to_pdf

    if not decks:
        return True
    folder = output.parent if output.suffix.lower() == ".pptx" else output
    try:
        with reporter.status(f"Converting {len(decks)} deck(s) to PDF with LibreOffice"):
            pdfs = convert_to_pdf(list(decks), folder, notes_pages=notes_pages)
    except ExportError as exc:
        reporter.error(f"PDF export failed: {exc}")
        return False
    for pdf in pdfs:
        reporter.line(f"{pdf}")
    return True


def _expand(notes: tuple[Path, ...]) -> list[Path]:
    """Files as given, folders as the .md files inside, globs (for shells that don't) expanded."""
    files: list[Path] = []
    for note in notes:
        if note.is_dir():
            files.extend(sorted(p for p in note.rglob("*.md") if p.is_file()))
        elif not note.exists() and any(ch in str(note) for ch in "*?["):
            matches = sorted(Path().glob(str(note))) if not note.is_absolute() else sorted(
                Path(note.anchor).glob(str(note.relative_to(note.anchor))))
            if not matches:
                raise click.UsageError(f"{note}: no notes match this pattern")
            files.extend(matches)
        else:
            if not note.exists():
                raise click.UsageError(f"{note}: no such file; check the path")
            files.append(note)
    return list(dict.fromkeys(files))


def _print_themes() -> None:
    from slidegen.theme import builtin_theme_names, load_theme

    for name in builtin_theme_names():
        theme = load_theme(name)
        kind = "dark" if theme.dark else "light"
        click.echo(f"{name:12} {kind:6} {theme.size!s:6} {theme.fonts.body.latin}")


def run() -> None:
    """Entry point that keeps Ctrl-C quiet."""
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)

