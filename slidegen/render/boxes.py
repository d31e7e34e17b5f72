"""TextBox → a text box shape at its box, padded by its inset, filled if it has a fill."""

from __future__ import annotations

from typing import Any

from slidegen.deck import DeckStyle, TextBox
from slidegen.render.geometry import emu, even
from slidegen.render.pptx_compat import text_body
from slidegen.render.shapes import add_textbox, set_solid_fill
from slidegen.render.text import TextStyle, code_colour_on, set_body, write_paragraphs


def box_style(tb: TextBox, style: DeckStyle) -> TextStyle:
    """The inherited run style for a box: role picks the typeface pair and default colour."""
    colors = style.colors
    fonts = style.fonts.title if tb.role == "title" else style.fonts.body
    default = {"title": colors.title, "callout": colors.callout_text}.get(tb.role, colors.text)
    if tb.role in ("caption", "meta") and tb.color is None:
        default = colors.muted
    return TextStyle(
        size=tb.size,
        fonts=fonts,
        color=tb.color or default,
        code_fonts=style.fonts.code,
        link_color=colors.link,
        bullet_color=colors.accent,
        bold=tb.bold,
        line_spacing=style.line_spacing,
        code_highlight=colors.code_background if not tb.fill else None,
        code_color=code_colour_on(colors.code_text, tb.fill) if tb.fill else colors.code_text,
    )


def draw_text_box(slide: Any, tb: TextBox, style: DeckStyle, name: str, lang: str) -> Any:
    """Draw `tb` exactly at its box; a callout's accent bar is a separate Rect from the plan."""
    b = tb.box
    shape = add_textbox(slide.shapes, emu(b.x), emu(b.y), emu(b.w), emu(b.h), name)
    if tb.fill:
        set_solid_fill(shape, tb.fill)
    tx_body = text_body(shape.text_frame)
    set_body(tx_body, even(max(0.0, tb.inset)), tb.anchor)
    write_paragraphs(tx_body, tb.paragraphs, box_style(tb, style), slide.part, lang)
    return shape
