"""Helpers for the dialect tests: real pictures drawn with Pillow, a build of one note, and
what a reader of the deck would see (no markup left, every picture embedded)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image as PILImage
from PIL import ImageDraw

from slidegen.deck import Deck, MissingPicture, Picture, TextBox
from slidegen.images import ImageOptions
from slidegen.pipeline import BuildOptions, BuildResult, build_note
from tests.pptx_inspect import open_deck, slide_texts

# What the issue says must never be seen on a slide.
FORBIDDEN = ["{:", "{{<", "{{%", "[[", "]]", "%%", "==", ":::", "[^", "[ ]", "[x]", "**"]


def draw(path: Path, size: tuple[int, int] = (640, 360), color: str = "#3b7dd8",
         label: str = "") -> Path:
    """A real picture: a coloured panel with a border and a label, PNG or JPEG by suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = PILImage.new("RGB", size, color)
    pen = ImageDraw.Draw(image)
    pen.rectangle([4, 4, size[0] - 5, size[1] - 5], outline="white", width=4)
    pen.text((16, 16), label or path.stem, fill="white")
    image.save(path)
    return path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def build(note: Path, out: Path) -> tuple[BuildResult, Any]:
    """Build one note offline and open the deck it wrote."""
    options = BuildOptions(output=out, images=ImageOptions(offline=True))
    result = build_note(note, options, out / (note.stem + ".pptx"))
    assert result.ok, result.error
    assert result.output is not None
    return result, open_deck(result.output)


def leaked_markup(prs: Any) -> list[tuple[int, str, str]]:
    """(slide number, forbidden token, the text it is in) for every leak on every slide."""
    leaks = []
    for number, slide in enumerate(prs.slides, start=1):
        for text in slide_texts(slide):
            leaks.extend((number, token, text) for token in FORBIDDEN if token in text)
    return leaks


def deck_shapes(deck: Deck) -> list[Any]:
    return [shape for slide in deck.slides for shape in slide.shapes]


def text_runs(deck: Deck) -> list[Any]:
    """Every run of every text box in the planned deck (formulas in a line included)."""
    return [run for shape in deck_shapes(deck) if isinstance(shape, TextBox)
            for paragraph in shape.paragraphs for run in paragraph.runs]


def callouts(deck: Deck) -> list[tuple[str, str]]:
    """(kind, first line) of every callout box in the planned deck."""
    found = []
    for shape in deck_shapes(deck):
        if isinstance(shape, TextBox) and shape.callout_kind:
            first = "".join(run.text for run in shape.paragraphs[0].runs)
            found.append((shape.callout_kind, first))
    return found


def pictures(deck: Deck) -> list[Picture]:
    return [s for s in deck_shapes(deck) if isinstance(s, Picture)]


def placeholders(deck: Deck) -> list[MissingPicture]:
    return [s for s in deck_shapes(deck) if isinstance(s, MissingPicture)]


def all_text(prs: Any) -> str:
    return "\n".join(text for slide in prs.slides for text in slide_texts(slide))


def counted_calls(monkeypatch: Any, module: Any, name: str) -> list[int]:
    """`module.name` replaced by itself counting its calls: the list's one item, to reset and
    read (for tests that work grows with a note's lines, not faster)."""
    count = [0]
    real = getattr(module, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return count
