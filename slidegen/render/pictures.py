"""Pictures at their exact boxes (with alt text), and visible placeholders for missing ones."""

from __future__ import annotations

from typing import Any

from lxml import etree

from slidegen.deck import (
    SIGNATURES,
    DeckStyle,
    MissingPicture,
    Picture,
    Run,
    TextParagraph,
)
from slidegen.hangul import lang_of
from slidegen.render.canvas import Canvas
from slidegen.render.geometry import MISSING_INSETS, emu
from slidegen.render.opc import RT_IMAGE, Part
from slidegen.render.shapes import add_rect, parse_fragment, set_descr, set_name, set_outline
from slidegen.render.text import TextStyle, set_body, write_paragraphs
from slidegen.render.xmlstr import FRAGMENT_NS, attr, qn


def draw_picture(slide: Canvas, pic: Picture, name: str, parts: dict[str, Any]) -> etree._Element:
    """Embed the image at exactly `pic.box` (the planner kept the aspect); plate behind it.

    `parts` (digest → image part, one per render) lets a picture shown again skip hashing its
    bytes: it is stored once either way. Bytes that are not what `pic.image.ext` says raise
    ValueError before any shape is drawn (the caller draws a placeholder instead).
    """
    b = pic.box
    part = parts.get(pic.image.digest)
    if part is None:
        if not pic.image.data.startswith(SIGNATURES.get(pic.image.ext, b"?")):
            raise ValueError(f"the bytes are not a {pic.image.ext.upper()} picture")
        part = parts[pic.image.digest] = slide.package.image_part(pic.image.data,
                                                                       pic.image.ext)
    if pic.plate:
        add_rect(slide, b, f"{name} plate", pic.plate)
    shape = add_picture(slide, part, f"image.{pic.image.ext}", emu(b.x), emu(b.y), emu(b.w),
                        emu(b.h))
    set_name(shape, name)
    if any(pic.crop):  # cover a box of another shape (full-bleed and background pictures)
        _crop(shape, pic.crop)
    set_descr(shape, pic.alt)
    return shape


def add_picture(slide: Canvas, part: Part, desc: str, x: int, y: int, cx: int,
                cy: int) -> etree._Element:
    """A `p:pic` showing the image part, stretched to the frame."""
    r_id = slide.part.relate_to(part, RT_IMAGE)
    shape_id = slide.next_id()
    return slide.add(parse_fragment(
        f'<p:pic {FRAGMENT_NS}><p:nvPicPr><p:cNvPr id="{shape_id}" name="Picture {shape_id - 1}" '
        f'descr="{attr(desc)}"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr>'
        f'<p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="{r_id}"/><a:stretch><a:fillRect/>'
        f'</a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" '
        f'cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'))


def _crop(shape: etree._Element, crop: tuple[float, float, float, float]) -> None:
    """The picture's source rectangle: shares cut off left, top, right and bottom."""
    blip_fill = shape.find(qn("p:blipFill"))
    rect = etree.Element(qn("a:srcRect"))
    for key, share in zip("ltrb", crop, strict=True):
        if share:
            rect.set(key, str(round(share * 100000.0)))
    blip_fill.find(qn("a:blip")).addnext(rect)


def missing_text_size(missing: MissingPicture, lines: list[str], largest: float = 14.0,
                      smallest: float = 7.0) -> float:
    """The largest size (step 0.5 pt) at which the lines roughly fit the placeholder box.

    Estimates glyph widths (0.55 em Latin, 1 em Hangul) so it needs no font files.
    """
    width = max(10.0, missing.box.w - MISSING_INSETS.left - MISSING_INSETS.right)
    height = max(8.0, missing.box.h - MISSING_INSETS.top - MISSING_INSETS.bottom)
    size = largest
    while size > smallest:
        total = 0
        for line in lines:
            ems = sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in line)
            total += max(1, int(ems * size // width) + 1)
        if total * size * 1.25 <= height:
            break
        size -= 0.5
    return size


def draw_missing(slide: Canvas, missing: MissingPicture, style: DeckStyle, name: str,
                 lang: str) -> etree._Element:
    """A dashed, lightly filled rectangle saying what image was meant and why it is absent."""
    colors = style.colors
    shape = add_rect(slide, missing.box, name, colors.code_background)
    set_outline(shape, colors.muted, 1.25, dash="dash")
    title = missing.alt.strip() or "Image unavailable"
    lines = [title, missing.src, missing.reason]
    size = missing_text_size(missing, lines)
    paragraphs = [
        TextParagraph([Run(title, lang=lang_of(title, lang), bold=True)], align="center"),
        TextParagraph([Run(missing.src, lang="en-US")], align="center", space_before=size * 0.3),
        TextParagraph([Run(missing.reason, lang=lang_of(missing.reason, lang), italic=True)],
                      align="center", space_before=size * 0.3),
    ]
    text_style = TextStyle(size=size, fonts=style.fonts.body, color=colors.muted,
                           code_fonts=style.fonts.code, link_color=colors.link,
                           bullet_color=colors.accent, line_spacing=1.0)
    tx_body = shape.find(qn("p:txBody"))
    set_body(tx_body, MISSING_INSETS, "middle")
    write_paragraphs(tx_body, paragraphs, text_style, slide.part, lang)
    set_descr(shape, f"Missing image: {title} ({missing.src}): {missing.reason}")
    return shape
