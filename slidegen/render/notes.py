"""Slide.notes → the notes slide's body text, one paragraph per line, language per line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slidegen.deck import Run, TextParagraph
from slidegen.render.text import TextStyle, lang_of, write_paragraphs
from slidegen.theme import Theme

NOTES_SIZE = 12.0


def write_notes(slide: Any, notes: str, theme: Theme, lang: str,
                new_notes_slide: Callable[[Any], Any] | None = None) -> None:
    """`new_notes_slide(slide)` makes the notes slide (`SlideAdder.notes_slide`, fast)."""
    if not notes.strip():
        return
    notes_slide = new_notes_slide(slide) if new_notes_slide else slide.notes_slide
    frame = notes_slide.notes_text_frame
    if frame is None:
        return
    paragraphs = [TextParagraph([Run(line, lang=lang_of(line, lang))] if line else [])
                  for line in notes.strip("\n").split("\n")]
    style = TextStyle(size=NOTES_SIZE, fonts=theme.fonts.body, color="000000",
                      code_fonts=theme.fonts.code, link_color=theme.colors.link,
                      bullet_color=theme.colors.accent)
    write_paragraphs(frame._txBody, paragraphs, style, None, lang)
