"""The theme resolved into the deck's `DeckStyle`: the renderer draws from it, never from the
theme. Also where the theme's decoration goes on every slide: the logo in a margin corner
and the footer band in the bottom margin, beside a bottom logo so nothing overlaps."""

from __future__ import annotations

from functools import lru_cache

from slidegen.deck import Box, DeckStyle
from slidegen.theme import Theme

LOGO_PAD = 6.0  # points between the logo and the slide's edge / the content area
LOGO_MAX_WIDTH = 160.0
FOOTER_GAP = 8.0  # between the content area and the footer band


def deck_style(theme: Theme) -> DeckStyle:
    return DeckStyle(
        width=theme.width, height=theme.height, fonts=theme.fonts, colors=theme.colors,
        line_spacing=theme.line_spacing, draw_background=theme.draw_background,
        background_image=theme.background_image, logo=theme.logo, logo_box=logo_box(theme),
        footer=theme.footer, slide_numbers=theme.slide_numbers,
        footer_band=footer_band(theme), footer_size=theme.sizes.footer,
        template=theme.template)


@lru_cache(maxsize=16)
def _image_aspect(path: str) -> float:
    from PIL import Image  # the planner loads Pillow only for a logo or a picture it changes

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


def footer_band(theme: Theme) -> Box:
    """The band for footer text and slide number: inside the bottom margin, narrowed by a
    logo in a bottom corner."""
    m = theme.margins
    x, y = m.left, theme.height - m.bottom + FOOTER_GAP
    w, h = theme.width - m.left - m.right, max(12.0, m.bottom - FOOTER_GAP - 6.0)
    logo = logo_box(theme)
    if logo is not None and theme.logo_position.startswith("bottom"):
        if theme.logo_position.endswith("right"):
            w = min(w, logo.x - LOGO_PAD - x)
        else:
            shift = max(0.0, logo.right + LOGO_PAD - x)
            x, w = x + shift, w - shift
    return Box(x, y, w, h)
