"""Building or planning one note as a result that never raises, so one bad note can't end a batch.

Module level (not methods) so a process pool can pickle them for -j.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import Future

    from slidegen.pipeline import BuildOptions, BuildResult, DeckStream


def build_safely(note: Path, options: BuildOptions,
                 stream: DeckStream | None = None) -> BuildResult:
    """build_note, with a bug in slidegen reported as one line for this note, not a traceback."""
    from slidegen.diagnostics import Diagnostic
    from slidegen.pipeline import BuildResult, build_note

    try:
        return build_note(note, options, stream=stream)
    except Exception as exc:
        return BuildResult(note, None, error=Diagnostic(str(note), None, internal_error(exc)))


def build_in_pool(note: Path, options: BuildOptions) -> BuildResult:
    """build_safely without the deck model: the parent only reports, so don't pickle it back."""
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
        result.error = Diagnostic(str(note), None, internal_error(exc))
    result.warnings = list(diagnostics.items)
    result.seconds = time.perf_counter() - started
    return result


def result_of(future: Future[BuildResult], note: Path) -> BuildResult:
    """A worker that died (killed, out of memory) is this note's error, not the batch's end."""
    from slidegen.diagnostics import Diagnostic
    from slidegen.pipeline import BuildResult

    try:
        return future.result()
    except Exception as exc:
        return BuildResult(note, None, error=Diagnostic(str(note), None, internal_error(exc)))


def internal_error(exc: BaseException) -> str:
    """A bug in slidegen as one line that asks to be reported."""
    from slidegen.diagnostics import describe_bug

    return f"{describe_bug(exc)} (please report)"
