"""TextBox → a text box shape; filled boxes become callouts with an accent bar."""

from __future__ import annotations

from typing import Any

from slidegen.deck import Box, TextBox
from slidegen.render.geometry import CALLOUT_BAR, CALLOUT_INSETS, TEXT_INSETS, emu
from slidegen.render.shapes import add_rect, set_solid_fill
from slidegen.render.text import TextStyle, set_body, write_paragraphs
from slidegen.theme import Theme


def box_style(tb: TextBox, theme: Theme) -> TextStyle:
    """The inherited run style for a box: role picks the typeface pair and default colour."""
    colors = theme.colors
    fonts = theme.fonts.title if tb.role == "title" else theme.fonts.body
    default = {"title": colors.title, "callout": colors.callout_text}.get(tb.role, colors.text)
    if tb.role in ("caption", "meta") and tb.color is None:
        default = colors.muted
    return TextStyle(
        size=tb.size,
        fonts=fonts,
        color=tb.color or default,
        code_fonts=theme.fonts.code,
        link_color=colors.link,
        bullet_color=colors.accent,
        bold=tb.bold,
        line_spacing=theme.line_spacing,
        code_highlight=colors.code_background if not tb.fill else None,
        code_color=colors.code_text,
    )


def draw_text_box(slide: Any, tb: TextBox, theme: Theme, name: str, lang: str) -> Any:
    """Draw `tb` exactly at its box; a fill makes it a callout with a left accent bar."""
    b = tb.box
    shape = slide.shapes.add_textbox(emu(b.x), emu(b.y), emu(b.w), emu(b.h))
    shape.name = name
    insets = TEXT_INSETS
    if tb.fill:
        set_solid_fill(shape, tb.fill)
        insets = CALLOUT_INSETS
    tx_body = shape.text_frame._txBody
    set_body(tx_body, insets, tb.anchor)
    write_paragraphs(tx_body, tb.paragraphs, box_style(tb, theme), slide.part, lang)
    if tb.fill:
        add_rect(slide.shapes, Box(b.x, b.y, CALLOUT_BAR, b.h), f"{name} bar", theme.colors.accent)
    return shape
