"""What a theme draws on every slide outside the planned content: a background image (behind
everything), a logo in a margin corner, footer text and a live slide number in the bottom band.

None of it takes room from the planner: the background is behind the content and the logo is
kept inside the margin it sits in.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from slidegen.deck import DeckStyle, Run, TextParagraph
from slidegen.render.geometry import TEXT_INSETS, emu
from slidegen.render.pptx_compat import element, text_body
from slidegen.render.shapes import add_textbox, qn
from slidegen.render.text import TextStyle, lang_of, set_body, write_paragraphs

SLIDENUM_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
NUMBER_WIDTH = 80.0


def _style(style: DeckStyle) -> TextStyle:
    return TextStyle(size=style.footer_size, fonts=style.fonts.body, color=style.colors.muted,
                     code_fonts=style.fonts.code, link_color=style.colors.link,
                     bullet_color=style.colors.accent)


def draw_background_image(slide: Any, style: DeckStyle) -> None:
    """The theme's background image over the whole slide; call before anything else is drawn."""
    if not style.background_image:
        return
    shape = slide.shapes.add_picture(style.background_image, 0, 0, emu(style.width),
                                     emu(style.height))
    shape.name = "Background Image"
    _set_decorative(shape)


def draw_logo(slide: Any, style: DeckStyle) -> None:
    box = style.logo_box
    if box is None:
        return
    shape = slide.shapes.add_picture(style.logo, emu(box.x), emu(box.y), emu(box.w), emu(box.h))
    shape.name = "Logo"
    _set_decorative(shape)


def _set_decorative(shape: Any) -> None:
    """Screen readers skip it: an empty description on a picture that carries no content."""
    element(shape).nvPicPr.cNvPr.set("descr", "")


def draw_footer(slide: Any, style: DeckStyle, number: int, lang: str) -> None:
    """Footer text bottom-left and the slide number bottom-right, both in the footer band."""
    x, y, w, h = style.footer_band.x, style.footer_band.y, style.footer_band.w, style.footer_band.h
    text_style = _style(style)
    if style.footer:
        shape = add_textbox(slide.shapes, emu(x), emu(y), emu(w - NUMBER_WIDTH - 8), emu(h),
                            "Footer")
        set_body(text_body(shape.text_frame), TEXT_INSETS, "top")
        text = style.footer
        write_paragraphs(text_body(shape.text_frame),
                         [TextParagraph([Run(text, lang=lang_of(text, lang))])], text_style, None,
                         lang)
    if style.slide_numbers:
        shape = add_textbox(slide.shapes, emu(x + w - NUMBER_WIDTH), emu(y), emu(NUMBER_WIDTH),
                            emu(h), "Slide Number")
        tx_body = text_body(shape.text_frame)
        set_body(tx_body, TEXT_INSETS, "top")
        write_paragraphs(tx_body, [TextParagraph([Run(str(number), lang=lang)], align="right")],
                         text_style, None, lang)
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
