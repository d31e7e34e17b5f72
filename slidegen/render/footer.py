"""What a theme draws on every slide outside the planned content: a background image (behind
everything), a logo in a margin corner, footer text and a live slide number in the bottom band.

None of it takes room from the planner: the background is behind the content and the logo is
kept inside the margin it sits in.
"""

from __future__ import annotations

import copy
import io
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from slidegen.deck import DeckStyle, Run, TextParagraph
from slidegen.hangul import lang_of
from slidegen.render.canvas import Canvas
from slidegen.render.geometry import TEXT_INSETS, emu
from slidegen.render.pictures import add_picture
from slidegen.render.shapes import add_textbox, set_descr, set_name
from slidegen.render.text import TextStyle, body_xml
from slidegen.render.xmlstr import qn

SLIDENUM_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
NUMBER_WIDTH = 80.0


def _style(style: DeckStyle) -> TextStyle:
    return TextStyle(size=style.footer_size, fonts=style.fonts.body, color=style.colors.muted,
                     code_fonts=style.fonts.code, link_color=style.colors.link,
                     bullet_color=style.colors.accent)


def draw_background_image(slide: Canvas, style: DeckStyle) -> None:
    """The theme's background image over the whole slide; call before anything else is drawn."""
    if not style.background_image:
        return
    _decoration(slide, style.background_image, "Background Image",
                (0, 0, emu(style.width), emu(style.height)))


def draw_logo(slide: Canvas, style: DeckStyle) -> None:
    box = style.logo_box
    if box is None:
        return
    _decoration(slide, style.logo, "Logo", (emu(box.x), emu(box.y), emu(box.w), emu(box.h)))


def _decoration(slide: Canvas, path: str, name: str, frame: tuple[int, int, int, int]) -> None:
    """A picture file of the theme's; screen readers skip it (an empty description)."""
    part = slide.package.image_part(*_image_file(path))
    shape = add_picture(slide, part, os.path.basename(path), *frame)
    set_name(shape, name)
    set_descr(shape, "")


@lru_cache(maxsize=8)
def _image_file(path: str) -> tuple[bytes, str]:
    """A picture file's bytes and extension, by what Pillow reads in it (as python-pptx
    named its parts)."""
    from PIL import Image  # a theme's logo or background: no other picture needs Pillow here

    data = Path(path).read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        kind = image.format or ""
    ext = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "BMP": "bmp", "TIFF": "tiff",
           "WMF": "wmf", "EMF": "emf"}.get(kind)
    if ext is None:
        raise ValueError(f"{path}: a {kind or 'picture'} file cannot go in a deck")
    return data, ext


def draw_footer(slide: Canvas, style: DeckStyle, number: int, lang: str,
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
    for sp in kept:
        copied = copy.deepcopy(sp)
        copied[0][0].set("id", str(slide.next_id()))
        for field in copied.iter(_FIELD):
            field.find(qn("a:t")).text = str(number)
        slide.add(copied)


_FOOTER = "footer shapes"
_FIELD = qn("a:fld")


def _draw_footer(slide: Canvas, style: DeckStyle, number: int, lang: str) -> list[Any]:
    x, y, w, h = style.footer_band.x, style.footer_band.y, style.footer_band.w, style.footer_band.h
    text_style = _style(style)
    drawn = []
    if style.footer:
        text = style.footer
        body = body_xml([TextParagraph([Run(text, lang=lang_of(text, lang))])], text_style,
                        None, lang, TEXT_INSETS)
        drawn.append(add_textbox(slide, emu(x), emu(y), emu(w - NUMBER_WIDTH - 8),
                                 emu(h), "Footer", body))
    if style.slide_numbers:
        body = body_xml([TextParagraph([Run(str(number), lang=lang)], align="right")],
                        text_style, None, lang, TEXT_INSETS)
        sp = add_textbox(slide, emu(x + w - NUMBER_WIDTH), emu(y), emu(NUMBER_WIDTH),
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
