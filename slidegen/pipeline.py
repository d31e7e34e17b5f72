"""One note in, one deck out: the pipeline read → parse → images → plan → write (render).

This is also the library API for scripts: `slidegen.pipeline("notes/x.md", theme="dark")`.
"""

from __future__ import annotations

import datetime as dt
import errno
import stat
import time
from collections.abc import Mapping
from dataclasses import field, replace
from pathlib import Path

from slidegen.conservation import check_deck, lost_words
from slidegen.dates import check_source_date_epoch, is_real_date, named_date
from slidegen.deck import Deck, DeckInfo, DeckStyle, ImageData, MissingPicture, Picture, Slide
from slidegen.deck_names import deck_path
from slidegen.diagnostics import Diagnostic, Diagnostics, SlidegenError, internal_error, shown
from slidegen.document import Meta
from slidegen.embeds import expand_embeds
from slidegen.images import ImageOptions, resolve_images
from slidegen.images.fit import fit_to_display
from slidegen.images.sites import find_site, site_settings
from slidegen.parse import parse_document
from slidegen.plan import plan_deck
from slidegen.plan.colour_scheme import for_scheme
from slidegen.plan.measure import font_warnings
from slidegen.policy.files import inside
from slidegen.read import Source, meta_from_front_matter, read_source
from slidegen.read.meta import theme_of_another_tool
from slidegen.records import record
from slidegen.regex import lazy_compile
from slidegen.theme import Theme, builtin_theme_names, load_theme
from slidegen.write import DeckWriter, LocalWriter

JEKYLL_POST_NAME = lazy_compile(r"^(\d{4}-\d{2}-\d{2})-")  # Jekyll dates posts by file name


@record
class BuildOptions:
    """How to build: the settings a run applies to every note."""

    output: Path = Path("output")  # a folder, or a .pptx path when building one note
    theme: str | None = None  # built-in name or path; overrides the note's `theme:`
    template: str | None = None  # .pptx/.potx to build on; overrides the note's `template:`
    images: ImageOptions = field(default_factory=ImageOptions)
    strict: bool = False  # any warning is an error: the deck is not written
    write: bool = True  # False plans only (for --check)
    check: bool = False  # --check: markup left on a slide is reported even when writing
    default_theme: str | None = None  # the config file's theme: below the note's `theme:`
    slide_level: int | None = None  # --slide-level: above the note's `slide_level:`
    default_slide_level: int | None = None  # the config file's: below the note's
    incremental: bool = False  # every list reveals item by item (`--incremental`)
    footer: str | None = None  # the config file's footer text: below the note's `footer:`


@record
class BuildResult:
    """What one note produced, for the summary line and for scripts."""

    note: Path
    output: Path | None
    slides: int = 0
    pictures: int = 0
    placeholders: int = 0
    cached: int = 0  # pictures that came from the local HTTP cache rather than the network
    warnings: list[Diagnostic] = field(default_factory=list)
    error: Diagnostic | None = None
    seconds: float = 0.0
    deck: Deck | None = None
    theme: Theme | None = None  # the look the deck was planned in

    @property
    def ok(self) -> bool:
        return self.error is None

    @classmethod
    def from_deck(cls, note: Path, output: Path | None, deck: Deck,
                  cached: int = 0, theme: Theme | None = None) -> BuildResult:
        """The counts the summary shows, taken from the planned deck."""
        shapes = [s for slide in deck.slides
                  for s in (*slide.shapes, *([slide.backdrop] if slide.backdrop else []))]
        return cls(note, output, slides=len(deck.slides),
                   pictures=sum(isinstance(s, Picture) for s in shapes),
                   placeholders=sum(isinstance(s, MissingPicture) for s in shapes),
                   cached=cached, deck=deck, theme=theme)


@record(frozen=True)
class PlannedNote:
    """A note's deck with what its writer and its summary need besides."""

    deck: Deck
    replaced: Mapping[str, ImageData]  # pictures downscaled after their slides were handed on
    cached: int  # pictures that came from the local HTTP cache
    theme: Theme  # the look it was planned in (a session deck plans its own slides in it)


def plan_note(note: Path, options: BuildOptions, diagnostics: Diagnostics) -> Deck:
    """The deck model of one note (for scripts and tests); raises SlidegenError for input
    that cannot be used."""
    return plan(note, options, diagnostics, DeckWriter()).deck


def plan(note: Path, options: BuildOptions, diagnostics: Diagnostics,
         writer: DeckWriter) -> PlannedNote:
    """Everything up to the deck model, handing `writer` each group of slides as it is
    planned; raises SlidegenError for input that cannot be used."""
    check_source_date_epoch(note)
    site = find_site(note.parent)
    settings = site_settings(site, note)
    source = read_source(note, diagnostics, settings)
    meta = meta_from_front_matter(source.front_matter, settings, source.text)
    _check_meta(source, meta, diagnostics)
    if (named := named_date(meta.date, note)) is not None:
        meta = replace(meta, date=named)
    if "date" not in source.front_matter and (dated := JEKYLL_POST_NAME.match(note.name)):
        meta = replace(meta, date=dated.group(1) if is_real_date(dated.group(1)) else None)
    meta = replace(meta, slide_level=(options.slide_level or meta.slide_level
                                      or options.default_slide_level),
                   incremental=meta.incremental or options.incremental)
    works = None
    if source.front_matter.get("bibliography") or source.front_matter.get("references"):
        from slidegen.read.bibliography import load_works  # only notes that cite

        works = load_works(source.front_matter, note, site.root if site else note.parent,
                           source.text, diagnostics, options.images.allow_local_files)
    doc = parse_document(source, diagnostics, meta, works)
    expand_embeds(doc, diagnostics, site)
    for key, ref, given in (("theme", meta.theme, options.theme),
                            ("template", meta.template, options.template)):
        if ref and not given:
            _check_note_file(key, ref, note, source.body_line)
    theme = _note_theme(options, meta.theme, note, source.body_line)
    template = _template_path(options.template, meta.template, note) or theme.template
    layouts = None
    if template:  # build on a template: plan for its layouts, its look unless a theme was chosen
        from slidegen.templates import read_template, template_theme  # lxml: only for these

        layouts = read_template(template)
        chosen = options.theme or meta.theme or options.default_theme
        theme = template_theme(layouts, theme if chosen else None)
        for message in layouts.warnings:
            diagnostics.warn(None, message)
    theme = replace(theme, footer=footer_text(source.front_matter, options.footer, theme.footer))
    for message in font_warnings(theme):
        diagnostics.warn(None, message)
    image_options = options.images
    if theme.dark and not image_options.dark_background:
        image_options = replace(image_options, dark_background=True)
    doc.blocks = for_scheme(doc.blocks, theme.dark)
    images = resolve_images(doc, image_options, diagnostics, site)

    def on_slides(info: DeckInfo, style: DeckStyle, group: list[Slide]) -> None:
        writer.slides(info, style, group)

    deck = plan_deck(doc, images, theme, diagnostics, on_slides, layouts)
    checked = check_deck(doc, deck) if options.check or not options.write else lost_words(
        doc, deck)  # markup only for --check
    for finding in checked:
        diagnostics.warn(finding.line, finding.message())
    deck, downscaled = fit_to_display(deck)  # pictures at most twice the size they are shown
    cached = sum(1 for r in images.values() if r.image is not None and r.origin == "cache")
    return PlannedNote(deck, downscaled, cached, theme)


def footer_text(front_matter: Mapping[str, object], configured: str | None, themed: str) -> str:
    """The note's `footer:` (`false` or "" for none), else the config file's, else the
    theme's."""
    own = front_matter.get("footer")
    if own is False or (isinstance(own, str) and not own.strip()):
        return ""
    if isinstance(own, str | int | float) and not isinstance(own, bool):
        return str(own).strip()
    return configured.strip() if configured and configured.strip() else themed


def build_note(note: Path, options: BuildOptions, output: Path | None = None,
               writer: DeckWriter | None = None) -> BuildResult:
    """Build one note through `writer` (drawing here by default); never raises for bad input
    or a bug in slidegen: the error is in the result, and a batch goes on."""
    started = time.perf_counter()
    note = Path(note)
    diagnostics = Diagnostics(str(note))
    target = output or deck_path(note, options.output)
    pending = (writer or LocalWriter()) if options.write else None  # slides handed over
    result = BuildResult(note, None)
    writing = False
    try:
        if pending is not None:
            check_target(target)  # fail before the work, not after it
        planned = plan(note, options, diagnostics, pending or DeckWriter())
        result = BuildResult.from_deck(note, None, planned.deck, planned.cached, planned.theme)
        if options.strict and len(diagnostics):
            first = diagnostics.items[0]
            raise SlidegenError(first.file, first.line,
                                f"{first.message} (--strict: deck not written)")
        if pending is not None:
            done, pending, writing = pending, None, True
            done.finish(planned.deck, target, planned.replaced)
            result.output = target
    except SlidegenError as exc:
        result.error = exc.diagnostic
    except OSError as exc:  # a file system refusal: while writing, or while reading inputs
        result.error = (Diagnostic(str(target), None, _write_error(exc)) if writing
                        else Diagnostic(str(note), None, _read_error(exc)))
    except Exception as exc:  # a bug must not stop a batch or show a traceback
        result.error = Diagnostic(str(note), None, internal_error(exc))
    finally:
        if pending is not None:  # planned in part, or refused: nothing is written
            pending.abort()
    result.warnings = list(diagnostics.items)
    result.seconds = time.perf_counter() - started
    return result


def check_target(target: Path) -> None:
    """Refuse a deck path we must not or cannot replace, before any work is done.

    A read-only deck is kept: someone protected it (root and os.replace would overwrite it
    anyway, so the mode bits are the signal, not os.access). A folder in the way is reported.
    """
    try:
        info = target.stat()
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        raise SlidegenError(target, None, _write_error(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise SlidegenError(target, None, "cannot write the deck: a folder has this name; "
                            "rename or remove the folder, or choose another -o")
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise SlidegenError(target, None, "the existing deck is read-only, so it was kept: "
                            "make it writable (chmod u+w) or delete it to rebuild")


def _read_error(exc: OSError) -> str:
    what = f"'{exc.filename}'" if exc.filename else "a file the note uses"
    return (f"cannot read {what} ({exc.strerror or exc}): check that it exists and is "
            "readable, or remove it from the note")


def _write_error(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        hint = "a part of the output path is a file, not a folder: choose another -o"
    elif isinstance(exc, IsADirectoryError):
        hint = "a folder has the deck's name: rename or remove it, or choose another -o"
    elif isinstance(exc, PermissionError):
        hint = "the output folder is not writable (or the deck is open in another program)"
    elif exc.errno == errno.ENOSPC:
        hint = "the disk is full: free some space"
    else:
        hint = "check the output folder exists and is writable"
    return f"cannot write the deck ({reason}): {hint}"


def build(path: str | Path, *, theme: str | None = None, template: str | Path | None = None,
          output: str | Path = "output", offline: bool = False,
          strict: bool = False) -> BuildResult:
    """Build one note into a deck, as the command line does; see BuildResult for what it returns."""
    options = BuildOptions(output=Path(output), theme=theme, strict=strict,
                           template=str(template) if template else None,
                           images=ImageOptions(offline=offline))
    return build_note(Path(path), options)


def _front_matter_line(note: Path, key: str, body_line: int) -> int | None:
    """The line of `key:` in the note's front matter, for error messages."""
    try:
        lines = note.read_text(encoding="utf-8", errors="replace").splitlines()[:body_line]
    except OSError:
        return None
    return next((n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:")), None)


def _check_note_file(key: str, ref: str, note: Path, body_line: int) -> None:
    """A note may name a built-in theme, or a theme or template file in its own folder tree
    (symlinks followed), nothing else: a shared note must not make slidegen read arbitrary
    files (`theme: ../../etc/passwd`, `template: /home/me/secret.pptx`)."""
    if key == "theme" and "/" not in ref and "\\" not in ref and not ref.endswith(
            (".yaml", ".yml")):
        return
    folder = note.resolve().parent
    if not inside(folder / Path(ref).expanduser(), folder):
        line = _front_matter_line(note, key, body_line)  # read again only to report
        raise SlidegenError(note, line, f"{key} {shown(ref)} is outside the note's folder; "
                            f"move the file next to the note or pass it with --{key}")


def _check_meta(source: Source, meta: Meta, diagnostics: Diagnostics) -> None:
    """Front matter values of the wrong kind: a bad date is left off with a warning; a theme
    or template that is not one name is an error (ignoring it would hide the mistake)."""
    note, matter = source.path, source.front_matter
    if tool := theme_of_another_tool(matter, builtin_theme_names()):
        line = _front_matter_line(note, "theme", source.body_line)
        diagnostics.warn(line, f"theme {shown(matter['theme'])} is {tool} theme, not "
                         "slidegen's: built with the default one (--theme NAME chooses)")
        matter = {k: v for k, v in matter.items() if k != "theme"}
        meta.theme = None
    for key in ("theme", "template"):
        value = matter.get(key)
        if value is not None and not isinstance(value, str):
            line = _front_matter_line(note, key, source.body_line)
            raise SlidegenError(note, line, f"'{key}' must be one name or path, not "
                                f"{shown(value)}: choose one")
    raw = matter.get("date")
    text = raw.strip() if isinstance(raw, str) else meta.date
    if raw not in (None, "") and not isinstance(raw, dt.date) and not is_real_date(text):
        line = _front_matter_line(note, "date", source.body_line)
        diagnostics.warn(line, f"date {shown(matter['date'])} is not a real date; left off the "
                         "title slide: write it as YYYY-MM-DD (and HH:MM:SS)")
        meta.date = None


def _note_theme(options: BuildOptions, from_note: str | None, note: Path,
                body_line: int) -> Theme:
    """The theme to build with; one the note names that does not exist is reported at the
    note's `theme:` line, not as a problem of a file called by that name."""
    ref = options.theme or from_note or options.default_theme
    try:
        return _theme(ref, note)
    except SlidegenError as exc:
        if options.theme or ref != from_note or exc.diagnostic.file != ref:
            raise
        line = _front_matter_line(note, "theme", body_line)
        raise SlidegenError(note, line, exc.diagnostic.message) from None


def _theme(ref: str | None, note: Path) -> Theme:
    if ref and not Path(ref).is_absolute() and ("/" in ref or ref.endswith((".yaml", ".yml"))):
        beside = note.parent / ref
        if beside.exists():
            ref = str(beside)
    return load_theme(ref)


def _template_path(given: str | None, from_note: str | None, note: Path) -> str | None:
    """--template as given (relative to the working folder); `template:` relative to the note."""
    if given:
        return given
    if from_note:
        path = Path(from_note).expanduser()
        return str(path if path.is_absolute() else note.parent / path)
    return None
