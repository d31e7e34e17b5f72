"""CodeBlock → a rounded, filled rectangle with one monospace paragraph per source line."""

from __future__ import annotations

from typing import Any

from slidegen.deck import CodeBlock, DeckStyle, Run, TextParagraph
from slidegen.render.canvas import Canvas
from slidegen.render.geometry import CODE_CORNER, CODE_LINE_SPACING, even
from slidegen.render.shapes import add_rect
from slidegen.render.text import TextStyle, set_body, write_paragraphs
from slidegen.render.xmlstr import qn


def draw_code(slide: Canvas, block: CodeBlock, style: DeckStyle, name: str) -> Any:
    """Runs keep the planner's colours; the face is fonts.code for Latin and East Asian text."""
    colors = style.colors
    shape = add_rect(slide, block.box, name, colors.code_background, rounded=CODE_CORNER)
    code_fonts = style.fonts.code
    text_style = TextStyle(size=block.size, fonts=code_fonts, color=colors.code_text,
                           code_fonts=code_fonts, link_color=colors.link,
                           bullet_color=colors.accent, line_spacing=CODE_LINE_SPACING)
    paragraphs = [
        TextParagraph([Run(r.text.expandtabs(4), lang=r.lang, bold=r.bold, italic=r.italic,
                           strike=r.strike, color=r.color) for r in line])
        for line in block.lines
    ]
    tx_body = shape.find(qn("p:txBody"))
    set_body(tx_body, even(max(0.0, block.inset)), "top")
    write_paragraphs(tx_body, paragraphs, text_style, slide.part)
    return shape
