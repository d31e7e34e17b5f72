"""Pictures at their exact boxes (with alt text), and visible placeholders for missing ones."""

from __future__ import annotations

from typing import Any

from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from slidegen.deck import (
    SIGNATURES,
    DeckStyle,
    MissingPicture,
    Picture,
    Run,
    TextParagraph,
)
from slidegen.hangul import lang_of
from slidegen.render.geometry import MISSING_INSETS, emu
from slidegen.render.pptx_compat import add_picture_element, next_shape_id, text_body
from slidegen.render.shapes import add_rect, set_descr, set_outline
from slidegen.render.text import TextStyle, set_body, write_paragraphs


def draw_picture(slide: Any, pic: Picture, name: str, parts: dict[str, Any]) -> Any:
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
        part = parts[pic.image.digest] = slide.part.package.get_or_add_image_blob(
            pic.image.data, pic.image.ext)
    if pic.plate:
        add_rect(slide.shapes, b, f"{name} plate", pic.plate)
    shape = _add_pic(slide, part, emu(b.x), emu(b.y), emu(b.w), emu(b.h))
    shape.name = name
    if any(pic.crop):  # cover a box of another shape (full-bleed and background pictures)
        shape.crop_left, shape.crop_top, shape.crop_right, shape.crop_bottom = pic.crop
    set_descr(shape, pic.alt)
    return shape


def _add_pic(slide: Any, part: Any, x: int, y: int, cx: int, cy: int) -> Any:
    """`SlideShapes._add_pic_from_image_part`, without its `part.scale` call: that opens the
    image with Pillow to learn a native size that is not used when both sides are given."""
    shapes = slide.shapes
    r_id = slide.part.relate_to(part, RT.IMAGE)
    id_ = next_shape_id(shapes)
    if not (cx and cy):
        cx, cy = part.scale(cx, cy)
    return add_picture_element(shapes, id_, f"Picture {id_ - 1}", part.desc, r_id, x, y, cx, cy)


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


def draw_missing(slide: Any, missing: MissingPicture, style: DeckStyle, name: str,
                 lang: str) -> Any:
    """A dashed, lightly filled rectangle saying what image was meant and why it is absent."""
    colors = style.colors
    shape = add_rect(slide.shapes, missing.box, name, colors.code_background)
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
    tx_body = text_body(shape.text_frame)
    set_body(tx_body, MISSING_INSETS, "middle")
    write_paragraphs(tx_body, paragraphs, text_style, slide.part, lang)
    set_descr(shape, f"Missing image: {title} ({missing.src}): {missing.reason}")
    return shape
