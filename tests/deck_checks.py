"""Checks every deck-building test can run: nothing of the note lost, no markup on a slide.

`assert_conserved(note, deck)` runs slidegen's own conservation check on a planned deck (the
words of the note against the deck's, and the slides' text against `LEAKED_MARKUP`);
`assert_no_markup(pptx)` scans the written file as PowerPoint will show it (code shapes, which
may show any syntax, left out).
"""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation

from slidegen.conservation import LEAKED_MARKUP, Finding, check_deck
from slidegen.deck import Deck
from slidegen.diagnostics import Diagnostics
from slidegen.parse import parse_document
from slidegen.read import read_source


def findings(note: Path, deck: Deck) -> list[Finding]:
    diagnostics = Diagnostics(str(note))
    doc = parse_document(read_source(note, diagnostics), diagnostics)
    return check_deck(doc, deck)


def assert_conserved(note: Path, deck: Deck | None) -> None:
    """Zero lost words and zero markup leftovers; the failure lists each with its line."""
    assert deck is not None, f"{note}: no deck was planned"
    found = findings(note, deck)
    assert not found, "\n".join(f"{note}:{f.line}: {f.message()}" for f in found)


def markup_on_slides(pptx: Path) -> list[str]:
    """`slide N: <pattern name>: text` for every leftover in the written deck."""
    out: list[str] = []
    for number, slide in enumerate(Presentation(str(pptx)).slides, 1):
        for shape in slide.shapes:
            if shape.name.startswith("Code"):
                continue
            texts = [shape.text_frame.text] if shape.has_text_frame else []
            if getattr(shape, "has_table", False) and shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            for text in texts:
                out += [f"slide {number}: {name}: {text[:80]!r}"
                        for name, pattern in LEAKED_MARKUP.items() if pattern.search(text)]
    return out


def assert_no_markup(pptx: Path) -> None:
    leftovers = markup_on_slides(pptx)
    assert not leftovers, "\n".join(leftovers)
