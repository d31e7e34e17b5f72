"""TextBox → a text box shape at its box, padded by its inset, filled if it has a fill."""

from __future__ import annotations

from lxml import etree

from slidegen.deck import DeckStyle, TextBox
from slidegen.render.canvas import Canvas
from slidegen.render.geometry import emu, even
from slidegen.render.shapes import add_textbox
from slidegen.render.text import TextStyle, body_xml, code_colour_on


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


def draw_text_box(slide: Canvas, tb: TextBox, style: DeckStyle, name: str,
                  lang: str) -> etree._Element:
    """Draw `tb` exactly at its box; a callout's accent bar is a separate Rect from the plan."""
    b = tb.box
    body = body_xml(tb.paragraphs, box_style(tb, style), slide.part, lang,
                    even(max(0.0, tb.inset)), tb.anchor)
    return add_textbox(slide, emu(b.x), emu(b.y), emu(b.w), emu(b.h), name, body,
                       tb.fill)
