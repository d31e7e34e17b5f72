"""One note in, one deck out: the pipeline read → parse → images → plan → render, and the write.

This is also the library API for scripts: `slidegen.build("notes/x.md", theme="dark")`.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

import yaml

from slidegen.deck import Deck, MissingPicture, Picture
from slidegen.diagnostics import Diagnostic, Diagnostics, SlidegenError
from slidegen.images import ImageOptions, ResolvedImage, resolve_images
from slidegen.parse import parse_document
from slidegen.plan import plan_deck
from slidegen.read import meta_from_front_matter, read_source
from slidegen.render import render_deck
from slidegen.theme import Theme, load_theme

SITE_CONFIGS = ("_config.yml", "_config.yaml")
JEKYLL_POST_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-")  # Jekyll dates posts by file name


@dataclass
class BuildOptions:
    output: Path = Path("output")  # a folder, or a .pptx path when building one note
    theme: str | None = None  # built-in name or path; overrides the note's `theme:`
    images: ImageOptions = field(default_factory=ImageOptions)
    strict: bool = False  # any warning is an error: the deck is not written
    write: bool = True  # False plans only (for --check)
    default_theme: str | None = None  # the config file's theme: below the note's `theme:`


@dataclass
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

    @property
    def ok(self) -> bool:
        return self.error is None


def plan_note(note: Path, options: BuildOptions, diagnostics: Diagnostics,
              resolved: dict[str, ResolvedImage] | None = None) -> Deck:
    """Everything up to the deck model; raises SlidegenError for input that cannot be used.

    `resolved`, when given, receives the note's images (for counting cached ones).
    """
    source = read_source(note, diagnostics)
    site = _site_config(note)
    meta = meta_from_front_matter(source.front_matter, site)
    if meta.date is None and (dated := JEKYLL_POST_NAME.match(note.name)):
        meta.date = dated.group(1)
    doc = parse_document(source, diagnostics)
    doc.meta = meta
    theme = _theme(options.theme or meta.theme or options.default_theme, note)
    image_options = options.images
    if theme.dark and not image_options.dark_background:
        image_options = replace(image_options, dark_background=True)
    images = resolve_images(doc, image_options, diagnostics)
    if resolved is not None:
        resolved.update(images)
    return plan_deck(doc, images, theme, diagnostics)


def build_note(note: Path, options: BuildOptions, output: Path | None = None) -> BuildResult:
    """Build one note; never raises for bad input: the error is in the result."""
    started = time.perf_counter()
    note = Path(note)
    diagnostics = Diagnostics(str(note))
    target = output or deck_path(note, options.output)
    result = BuildResult(note, target if options.write else None)
    try:
        images: dict[str, ResolvedImage] = {}
        deck = plan_note(note, options, diagnostics, images)
        result.deck = deck
        result.cached = sum(1 for r in images.values() if r.image is not None
                            and r.origin == "cache")
        result.slides = len(deck.slides)
        shapes = [s for slide in deck.slides for s in slide.shapes]
        result.pictures = sum(isinstance(s, Picture) for s in shapes)
        result.placeholders = sum(isinstance(s, MissingPicture) for s in shapes)
        if options.strict and len(diagnostics):
            first = diagnostics.items[0]
            raise SlidegenError(first.file, first.line,
                                f"{first.message} (--strict: deck not written)")
        if options.write:
            write_atomically(target, lambda handle: render_deck(deck, handle))
    except SlidegenError as exc:
        result.error = exc.diagnostic
        result.output = None
    except OSError as exc:
        result.error = Diagnostic(str(target), None, f"cannot write the deck: {exc.strerror or exc}"
                                  "; check the output folder exists and is writable")
        result.output = None
    result.warnings = list(diagnostics.items)
    result.seconds = time.perf_counter() - started
    return result


def deck_path(note: Path, output: Path) -> Path:
    if output.suffix.lower() == ".pptx":
        return output
    return output / f"{note.stem}.pptx"


def write_atomically(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write next to the target, then rename: a failure or a kill never leaves half a deck."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def build(path: str | Path, *, theme: str | None = None, output: str | Path = "output",
          offline: bool = False, strict: bool = False) -> BuildResult:
    """Build one note into a deck, as the command line does; see BuildResult for what it returns."""
    options = BuildOptions(output=Path(output), theme=theme, strict=strict,
                           images=ImageOptions(offline=offline))
    return build_note(Path(path), options)


def _theme(ref: str | None, note: Path) -> Theme:
    if ref and not Path(ref).is_absolute() and ("/" in ref or ref.endswith((".yaml", ".yml"))):
        beside = note.parent / ref
        if beside.exists():
            ref = str(beside)
    return load_theme(ref)


def _site_config(note: Path) -> dict | None:
    """The Jekyll `_config.yml` of the site the note lives in, for its language."""
    for folder in Path(note).resolve().parents:
        for name in SITE_CONFIGS:
            candidate = folder / name
            if candidate.is_file():
                try:
                    data = yaml.safe_load(candidate.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError, yaml.YAMLError):
                    return None
                return data if isinstance(data, dict) else None
    return None
