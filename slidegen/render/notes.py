"""Slide.notes → the notes slide's body text, one paragraph per line, language per line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slidegen.deck import DeckStyle, Run, TextParagraph
from slidegen.hangul import lang_of
from slidegen.render.text import TextStyle, write_paragraphs

NOTES_SIZE = 12.0


def write_notes(slide: Any, notes: str, style: DeckStyle, lang: str,
                notes_body: Callable[[Any], Any]) -> None:
    """`notes_body(slide)` makes the notes slide and finds its text body
    (`Presentation.notes_body`)."""
    if not notes.strip():
        return
    tx_body = notes_body(slide)
    if tx_body is None:
        return
    paragraphs = [TextParagraph([Run(line, lang=lang_of(line, lang))] if line else [])
                  for line in notes.strip("\n").split("\n")]
    text_style = TextStyle(size=NOTES_SIZE, fonts=style.fonts.body, color="000000",
                           code_fonts=style.fonts.code, link_color=style.colors.link,
                           bullet_color=style.colors.accent)
    write_paragraphs(tx_body, paragraphs, text_style, None, lang)
