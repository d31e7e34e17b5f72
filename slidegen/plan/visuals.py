"""Pictures, diagrams and charts on a slide: how large they may be shown (their aspect kept,
never blown up past their pixels or the note's asked width), their captions, and a page of
pictures alone, in a row or a 2x2 grid."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from slidegen.deck import Box, MissingPicture, Picture, Run, Shape, TextBox, TextParagraph
from slidegen.plan.diagrams import placed
from slidegen.plan.region import Region
from slidegen.plan.textfit import TextMetrics
from slidegen.plan.units import DiagramUnit, PictureUnit
from slidegen.theme import Theme

Visual = PictureUnit | DiagramUnit  # placed by aspect: pictures, diagrams, charts

WIDE = 1.8  # pictures at least this many times wider than tall go under the text
MAX_UPSCALE_PT_PER_PX = 1.5  # never show a picture larger than 2x its pixels at 96 dpi


class Visuals:
    """Sizes and places the pictures of one theme's slides."""

    def __init__(self, theme: Theme, metrics: TextMetrics, lang: Callable[[str], str],
                 gap: float) -> None:
        self.theme = theme
        self.metrics = metrics
        self.lang = lang  # the note's language rule, for captions
        self.gap = gap

    def alone(self, pictures: list[Visual], region: Region, size: float) -> list[Shape]:
        """Pictures large, in a row or a 2x2 grid, each with its caption when it has one."""
        n = len(pictures)
        cols = n if n <= 2 and all(p.aspect < WIDE for p in pictures) else (1 if n <= 2 else 2)
        rows = -(-n // cols)
        caption_size = self.theme.sizes.caption
        caption_h = self._caption_line()
        cell_w = (region.w - self.gap * (cols - 1)) / cols
        cell_h = (region.h - self.gap * (rows - 1)) / rows
        shapes: list[Shape] = []
        for index, pic in enumerate(pictures):
            r, c = divmod(index, cols)
            caption = label(pic)
            lines = 1
            if caption:
                para = TextParagraph([Run(caption, lang=self.lang(caption), italic=True)],
                                     align="center")
                lines = min(2, len(self.metrics.lines(para, caption_size, cell_w)))
            room = cell_h - (caption_h * lines + 4 if caption else 0)
            w, h = self.size(pic, cell_w, room)
            x = region.x + c * (cell_w + self.gap) + (cell_w - w) / 2
            block_h = h + (caption_h * lines + 4 if caption else 0)
            y = region.y + r * (cell_h + self.gap) + (cell_h - block_h) / 2
            shapes.append(self.shape(pic, Box(x, y, w, h)))
            if caption:
                box = Box(region.x + c * (cell_w + self.gap), y + h + 4, cell_w, caption_h * lines)
                shapes.append(TextBox(box, [para], "caption", caption_size, click=pic.click,
                                      color=self.theme.colors.muted))
        return shapes

    def caption_height(self, pic: Visual) -> float:
        """Room for a figure's own caption (one line) under it in a column."""
        return self.caption_room(bool(getattr(pic, "caption", "")))

    def caption_room(self, shown: bool) -> float:
        """Room for one line of caption under a picture, when one is shown."""
        return self._caption_line() + 2 if shown else 0.0

    def _caption_line(self) -> float:
        return self.theme.sizes.caption * self.metrics.fonts.face().line_height * 1.1

    def caption_box(self, pic: PictureUnit, box: Box, text: str | None = None) -> TextBox:
        text = pic.caption if text is None else text
        para = TextParagraph([Run(text, lang=self.lang(text), italic=True)], align="center")
        return TextBox(box, [para], "caption", self.theme.sizes.caption,
                       color=self.theme.colors.muted)

    def size(self, pic: Visual, max_w: float, max_h: float) -> tuple[float, float]:
        """The largest size that keeps the aspect ratio inside the room, never blown up too far."""
        aspect = pic.aspect
        if isinstance(pic, DiagramUnit):
            most_w, most_h = pic.max_box()
            max_w, max_h = min(max_w, most_w), min(max_h, most_h)
        else:
            if pic.image is not None:
                max_w = min(max_w, pic.image.width * MAX_UPSCALE_PT_PER_PX)
                max_h = min(max_h, pic.image.height * MAX_UPSCALE_PT_PER_PX)
            if pic.max_w:  # the note's width="300" / ![[x.png|300]]: never larger than asked
                max_w = min(max_w, pic.max_w)
            if pic.max_h:
                max_h = min(max_h, pic.max_h)
        w = max_w
        h = w / aspect
        if h > max_h:
            h = max(max_h, 1.0)
            w = h * aspect
        return round(w, 2), round(h, 2)

    def shape(self, pic: Visual, box: Box) -> Shape:
        if isinstance(pic, DiagramUnit):
            return replace(placed(pic.shape, box), click=pic.click)
        if pic.image is None:
            return MissingPicture(box, pic.alt, pic.src, pic.reason, click=pic.click)
        plate = self.theme.colors.plate if pic.plate else None
        return Picture(box, pic.image, pic.alt or pic.title, plate=plate, click=pic.click)


def label(pic: Visual) -> str:
    """What a picture among others is called under it: its caption, title or alt text."""
    if not isinstance(pic, PictureUnit):
        return ""
    return (pic.caption or pic.title or pic.alt).strip()
