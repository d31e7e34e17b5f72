"""A background picture made quiet enough to read text on: blended towards the slide's own
background colour, so the theme's text colours keep their contrast over it."""

from __future__ import annotations

import hashlib
import io

from slidegen.deck import ImageData

STRENGTH = 0.28  # how much of the picture shows through


def washed(image: ImageData, background: str, strength: float = STRENGTH) -> ImageData:
    """`image` blended with `background` ("RRGGBB"), as a JPEG (a photo) or PNG."""
    from PIL import Image  # the planner loads Pillow only for pictures it must change

    with Image.open(io.BytesIO(image.data)) as opened:
        picture = opened.convert("RGB")
    colour = tuple(int(background[i:i + 2], 16) for i in (0, 2, 4))
    plain = Image.new("RGB", picture.size, colour)  # type: ignore[arg-type]
    blended = Image.blend(plain, picture, strength)
    out = io.BytesIO()
    ext = "jpg" if image.ext == "jpg" else "png"
    blended.save(out, "JPEG" if ext == "jpg" else "PNG", quality=88)
    data = out.getvalue()
    return ImageData(data, blended.width, blended.height, ext,  # type: ignore[arg-type]
                     hashlib.sha256(data).hexdigest())
