"""What a theme draws on every slide outside the planned content: a background image (behind
everything), a logo in a margin corner, footer text and a live slide number in the bottom band.

None of it takes room from the planner: the background is behind the content and the logo is
kept inside the margin it sits in.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lxml import etree
from PIL import Image

from slidegen.deck import Box, Run, TextParagraph
from slidegen.render.geometry import TEXT_INSETS, emu, footer_band
from slidegen.render.pptx_compat import element, text_body
from slidegen.render.shapes import add_textbox, qn
from slidegen.render.text import TextStyle, lang_of, set_body, write_paragraphs
from slidegen.theme import Theme

SLIDENUM_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
NUMBER_WIDTH = 80.0


def _style(theme: Theme) -> TextStyle:
    return TextStyle(size=theme.sizes.footer, fonts=theme.fonts.body, color=theme.colors.muted,
                     code_fonts=theme.fonts.code, link_color=theme.colors.link,
                     bullet_color=theme.colors.accent)


LOGO_PAD = 6.0  # points between the logo and the slide's edge / the content area
LOGO_MAX_WIDTH = 160.0


def draw_background_image(slide: Any, theme: Theme) -> None:
    """The theme's background image over the whole slide; call before anything else is drawn."""
    if not theme.background_image:
        return
    shape = slide.shapes.add_picture(theme.background_image, 0, 0, emu(theme.width),
                                     emu(theme.height))
    shape.name = "Background Image"
    _set_decorative(shape)


@lru_cache(maxsize=16)
def _image_aspect(path: str) -> float:
    with Image.open(path) as img:
        return img.width / img.height if img.height else 1.0


def logo_box(theme: Theme) -> Box | None:
    """Where the logo goes: inside the top or bottom margin, in the corner the theme names."""
    if not theme.logo:
        return None
    m = theme.margins
    top = theme.logo_position.startswith("top")
    band = m.top if top else m.bottom
    h = max(8.0, band - 2 * LOGO_PAD)
    w = min(LOGO_MAX_WIDTH, h * _image_aspect(theme.logo))
    h = w / _image_aspect(theme.logo)
    x = theme.width - LOGO_PAD * 2 - w if theme.logo_position.endswith("right") else LOGO_PAD * 2
    y = (band - h) / 2 if top else theme.height - band + (band - h) / 2
    return Box(x, y, w, h)


def draw_logo(slide: Any, theme: Theme) -> None:
    box = logo_box(theme)
    if box is None:
        return
    shape = slide.shapes.add_picture(theme.logo, emu(box.x), emu(box.y), emu(box.w), emu(box.h))
    shape.name = "Logo"
    _set_decorative(shape)


def _set_decorative(shape: Any) -> None:
    """Screen readers skip it: an empty description on a picture that carries no content."""
    element(shape).nvPicPr.cNvPr.set("descr", "")


def draw_footer(slide: Any, theme: Theme, number: int, lang: str) -> None:
    """Footer text bottom-left and the slide number bottom-right, both in the footer band.

    A logo in a bottom corner pushes them aside so nothing overlaps.
    """
    m = theme.margins
    x, y, w, h = footer_band(theme.width, theme.height, m.left, m.right, m.bottom)
    logo = logo_box(theme)
    if logo is not None and theme.logo_position.startswith("bottom"):
        if theme.logo_position.endswith("right"):
            w = min(w, logo.x - LOGO_PAD - x)
        else:
            shift = max(0.0, logo.right + LOGO_PAD - x)
            x, w = x + shift, w - shift
    style = _style(theme)
    if theme.footer:
        shape = add_textbox(slide.shapes, emu(x), emu(y), emu(w - NUMBER_WIDTH - 8), emu(h),
                            "Footer")
        set_body(text_body(shape.text_frame), TEXT_INSETS, "top")
        text = theme.footer
        write_paragraphs(text_body(shape.text_frame),
                         [TextParagraph([Run(text, lang=lang_of(text, lang))])], style, None, lang)
    if theme.slide_numbers:
        shape = add_textbox(slide.shapes, emu(x + w - NUMBER_WIDTH), emu(y), emu(NUMBER_WIDTH),
                            emu(h), "Slide Number")
        tx_body = text_body(shape.text_frame)
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
