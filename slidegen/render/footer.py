"""What a theme draws on every slide outside the planned content: a background image (behind
everything), a logo in a margin corner, footer text and a live slide number in the bottom band.

None of it takes room from the planner: the background is behind the content and the logo is
kept inside the margin it sits in.
"""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from slidegen.deck import DeckStyle, Run, TextParagraph
from slidegen.hangul import lang_of
from slidegen.render.geometry import TEXT_INSETS, emu
from slidegen.render.pptx_compat import element, next_shape_id, shape_tree
from slidegen.render.shapes import add_textbox, qn
from slidegen.render.text import TextStyle, body_xml

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


def draw_footer(slide: Any, style: DeckStyle, number: int, lang: str,
                cache: dict[str, Any] | None = None) -> None:
    """Footer text bottom-left and the slide number bottom-right, both in the footer band.

    They are the same on every slide but for the number: the first slide's are drawn and
    kept in `cache`, later slides get copies with their own shape ids and number."""
    kept = cache.get(_FOOTER) if cache is not None else None
    if kept is None:
        drawn = _draw_footer(slide, style, number, lang)
        if cache is not None:
            cache[_FOOTER] = [copy.deepcopy(sp) for sp in drawn]
        return
    shapes = slide.shapes
    for sp in kept:
        copied = copy.deepcopy(sp)
        copied[0][0].set("id", str(next_shape_id(shapes)))
        for field in copied.iter(_FIELD):
            field.find(qn("a:t")).text = str(number)
        shape_tree(shapes).insert_element_before(copied, "p:extLst")


_FOOTER = "footer shapes"
_FIELD = qn("a:fld")


def _draw_footer(slide: Any, style: DeckStyle, number: int, lang: str) -> list[Any]:
    x, y, w, h = style.footer_band.x, style.footer_band.y, style.footer_band.w, style.footer_band.h
    text_style = _style(style)
    drawn = []
    if style.footer:
        text = style.footer
        body = body_xml([TextParagraph([Run(text, lang=lang_of(text, lang))])], text_style,
                        None, lang, TEXT_INSETS)
        drawn.append(add_textbox(slide.shapes, emu(x), emu(y), emu(w - NUMBER_WIDTH - 8),
                                 emu(h), "Footer", body))
    if style.slide_numbers:
        body = body_xml([TextParagraph([Run(str(number), lang=lang)], align="right")],
                        text_style, None, lang, TEXT_INSETS)
        sp = add_textbox(slide.shapes, emu(x + w - NUMBER_WIDTH), emu(y), emu(NUMBER_WIDTH),
                         emu(h), "Slide Number", body)
        # turn the run into a live slide-number field (a:fld has the same children as a:r)
        run = next(sp.iter(qn("a:r")))
        fld = etree.Element(_FIELD)
        fld.set("id", SLIDENUM_FIELD_ID)
        fld.set("type", "slidenum")
        for child in list(run):
            fld.append(child)
        run.addprevious(fld)
        run.getparent().remove(run)
        drawn.append(sp)
    return drawn
