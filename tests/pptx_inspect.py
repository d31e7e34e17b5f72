"""Reading a produced deck back, the way a test (or a person) looks at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.util import Emu

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def open_deck(path: Path) -> Any:
    return Presentation(str(path))


def slide_title(slide: Any) -> str:
    for shape in slide.shapes:
        if shape.name == "Title":
            return shape.text_frame.text
    return ""


def slide_texts(slide: Any) -> list[str]:
    """All visible text on a slide: text boxes, table cells."""
    out: list[str] = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            out.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return out


def deck_text(prs: Any) -> str:
    return "\n".join(t for slide in prs.slides for t in slide_texts(slide))


def runs_xml(prs: Any) -> list[Any]:
    """Every `a:r` element of every slide."""
    return [r for slide in prs.slides for r in slide._element.iter(f"{A}r")]


def pictures(slide: Any) -> list[Any]:
    return [s for s in slide.shapes if s.shape_type == 13]


def points(value: int) -> float:
    return Emu(value).pt


def notes_text(slide: Any) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
