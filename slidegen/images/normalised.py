"""What `normalise` answers for a picture: the image to embed, or why there is none."""

from __future__ import annotations

from typing import Any

from slidegen.deck import ImageData
from slidegen.records import record

INCOMPLETE = ("not a complete image", "the file is cut short; download or export it again")

# Icons and badges: at most this high and wide as drawn (shields.io badges are 20 px high).
ICON_MAX_HEIGHT = 64
ICON_MAX_WIDTH = 256


@record(frozen=True)
class Normalised:
    """The embeddable image, or why there is none."""

    image: ImageData | None
    transparent: bool = False
    reason: str = ""
    hint: str = ""
    small: bool = False  # see is_small: of the picture as drawn, before any rasterising
    drawn_width: float = 0.0  # a small picture's width as drawn, in px: shown no wider


def is_small(width: float, height: float) -> bool:
    """Icon or badge sized: within a line of text such a picture is decoration."""
    return 0 < height <= ICON_MAX_HEIGHT and 0 < width <= ICON_MAX_WIDTH


def smallness(width: float, height: float) -> dict[str, Any]:
    """The `small` and `drawn_width` of a picture drawn this size (px)."""
    small = is_small(width, height)
    return {"small": small, "drawn_width": float(width) if small else 0.0}


def failure(reason: str, hint: str) -> Normalised:
    return Normalised(None, reason=reason, hint=hint)
