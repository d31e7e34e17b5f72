"""Slide number (a live `slidenum` field) and footer text in the bottom margin band."""

from __future__ import annotations

from typing import Any

from lxml import etree
from pptx.oxml.ns import qn

from slidegen.deck import Run, TextParagraph
from slidegen.render.geometry import TEXT_INSETS, emu, footer_band
from slidegen.render.text import TextStyle, lang_of, set_body, write_paragraphs
from slidegen.theme import Theme

SLIDENUM_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
NUMBER_WIDTH = 80.0


def _style(theme: Theme) -> TextStyle:
    return TextStyle(size=theme.sizes.footer, fonts=theme.fonts.body, color=theme.colors.muted,
                     code_fonts=theme.fonts.code, link_color=theme.colors.link,
                     bullet_color=theme.colors.accent)


def draw_footer(slide: Any, theme: Theme, number: int, lang: str) -> None:
    """Footer text bottom-left and the slide number bottom-right, both in the footer band."""
    m = theme.margins
    x, y, w, h = footer_band(theme.width, theme.height, m.left, m.right, m.bottom)
    style = _style(theme)
    if theme.footer:
        shape = slide.shapes.add_textbox(emu(x), emu(y), emu(w - NUMBER_WIDTH - 8), emu(h))
        shape.name = "Footer"
        set_body(shape.text_frame._txBody, TEXT_INSETS, "top")
        text = theme.footer
        write_paragraphs(shape.text_frame._txBody,
                         [TextParagraph([Run(text, lang=lang_of(text, lang))])], style, None, lang)
    if theme.slide_numbers:
        shape = slide.shapes.add_textbox(emu(x + w - NUMBER_WIDTH), emu(y), emu(NUMBER_WIDTH),
                                         emu(h))
        shape.name = "Slide Number"
        tx_body = shape.text_frame._txBody
        set_body(tx_body, TEXT_INSETS, "top")
        write_paragraphs(tx_body, [TextParagraph([Run(str(number), lang=lang)], align="right")],
                         style, None, lang)
        # turn the run into a live slide-number field (a:fld has the same children as a:r)
        p = tx_body.find(qn("a:p"))
        run = p.find(qn("a:r"))
        fld = etree.Element(qn("a:fld"))
        fld.set("id", SLIDENUM_FIELD_ID)
        fld.set("type", "slidenum")
        for child in list(run):
            fld.append(child)
        run.addprevious(fld)
        p.remove(run)
