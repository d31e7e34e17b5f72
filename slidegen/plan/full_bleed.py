"""Pictures that fill the whole slide: a picture-only ("full bleed") slide, and a slide's
background picture. Both cover the slide edge to edge, cropped (never stretched) to its shape.
"""

from __future__ import annotations

from slidegen.deck import (
    Box,
    ImageData,
    MissingPicture,
    Picture,
    Run,
    Slide,
    TextBox,
    TextParagraph,
)
from slidegen.images.wash import washed
from slidegen.plan.textfit import TextMetrics
from slidegen.plan.units import PictureUnit
from slidegen.theme import Theme

BAND_PAD = 10.0  # points of padding around the title on its band


def cover_crop(image_aspect: float, box_aspect: float) -> tuple[float, float, float, float]:
    """Left, top, right, bottom fractions to crop so the picture covers the box exactly."""
    if image_aspect > box_aspect:  # wider: lose the sides
        side = (1 - box_aspect / image_aspect) / 2
        return (round(side, 4), 0.0, round(side, 4), 0.0)
    edge = (1 - image_aspect / box_aspect) / 2
    return (0.0, round(edge, 4), 0.0, round(edge, 4))


def _whole_slide(theme: Theme) -> Box:
    return Box(0.0, 0.0, theme.width, theme.height)


def background_picture(image: ImageData, theme: Theme, alt: str) -> Picture:
    """A picture behind everything on the slide, quiet enough for the theme's text on it."""
    box = _whole_slide(theme)
    quiet = washed(image, theme.colors.background)
    return Picture(box, quiet, alt, crop=cover_crop(quiet.aspect, box.w / box.h))


def picture_slide(picture: PictureUnit, title_runs: list[Run], theme: Theme,
                  metrics: TextMetrics, line: int | None) -> Slide:
    """The picture over the whole slide, its title on a band along the bottom edge (still the
    slide's title, so the outline and screen readers have it)."""
    box = _whole_slide(theme)
    shape: Picture | MissingPicture
    if picture.image is None:
        shape = MissingPicture(box, picture.alt, picture.src, picture.reason)
    else:
        shape = Picture(box, picture.image, picture.alt or picture.title,
                        crop=cover_crop(picture.aspect, box.w / box.h))
    size = theme.sizes.kicker + 4
    para = TextParagraph(title_runs)
    room = theme.width - 2 * theme.margins.left
    text_w = min(room - 2 * BAND_PAD, metrics.widest_line(title_runs, size) / 0.95 + 4)
    band_h = metrics.height([para], size, text_w) + 2 * BAND_PAD
    band = TextBox(Box(theme.margins.left, theme.height - theme.margins.bottom - band_h,
                       text_w + 2 * BAND_PAD, band_h),
                   [para], "title", size, color=theme.colors.background,
                   fill=theme.colors.title, inset=BAND_PAD, anchor="middle")
    return Slide("content", band, [], source_line=line, backdrop=shape)
